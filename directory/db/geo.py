"""Distances on the ground, in SQL and in Python (great-circle, on a spherical Earth)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import models
from django.db.models import F, FloatField, Func, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import ASin, Coalesce, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE_LATITUDE = 111.32
# cos(48.85°), Île-de-France's mean latitude: on the plane of ``planar_position`` a degree of
# longitude is as long as a degree of latitude (the same literal is in db/sql/places.sql).
PLANAR_LONGITUDE_SCALE = 0.6580326035166145


@dataclass(frozen=True)
class Point:
    """A position, with what to call it ("Montreuil", "votre position")."""

    latitude: float
    longitude: float
    label: str


def place_latitude(prefix: str = "") -> Combinable:
    """A place's latitude, or its commune's centroid when the place has none."""
    return Coalesce(F(f"{prefix}latitude"), F(f"{prefix}commune__latitude"))


def place_longitude(prefix: str = "") -> Combinable:
    return Coalesce(F(f"{prefix}longitude"), F(f"{prefix}commune__longitude"))


def distance_km(latitude: Combinable, longitude: Combinable, point: Point) -> Combinable:
    """Haversine distance between the expressions' position and ``point``, in kilometres."""
    lat0 = math.radians(point.latitude)
    half_dlat = (Radians(latitude) - Value(lat0)) / Value(2.0)
    half_dlon = (Radians(longitude) - Value(math.radians(point.longitude))) / Value(2.0)
    chord = Power(Sin(half_dlat), 2) + Value(math.cos(lat0)) * Cos(Radians(latitude)) * Power(
        Sin(half_dlon), 2
    )
    # LEAST guards asin against rounding just above 1.
    return Value(2 * EARTH_RADIUS_KM) * ASin(
        Sqrt(Func(chord, Value(1.0), function="LEAST", output_field=FloatField()))
    )


def bounding_box(point: Point, km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) of a box holding the circle of radius ``km``."""
    dlat = km / KM_PER_DEGREE_LATITUDE
    dlon = km / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(point.latitude)), 0.01))
    return (
        point.latitude - dlat,
        point.latitude + dlat,
        point.longitude - dlon,
        point.longitude + dlon,
    )


def planar_position(latitude: float, longitude: float) -> tuple[float, float]:
    """The Python twin of ``directory_planar_position``: ``(x, y)`` on the plane where places
    are searched nearest first (within the region, its distances keep the ground's order)."""
    return (longitude * PLANAR_LONGITUDE_SCALE, latitude)


class PlanarPositionField(models.Field):
    """A place's position on that plane, as PostgreSQL's ``point``: kept by a trigger
    (``db/sql/places.sql``), never written by the application; a GiST index orders by it."""

    description = "position on the plane of nearest-first searches"

    def db_type(self, connection) -> str:
        return "point"
