"""Distances on the ground, in SQL and in Python (great-circle, on a spherical Earth)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import F, FloatField, Func, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import ASin, Coalesce, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE_LATITUDE = 111.32


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
