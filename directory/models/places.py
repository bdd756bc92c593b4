"""Places where an initiative is active, and the distances to them."""

from __future__ import annotations

from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ..db.geo import (
    PlanarPositionField,
    Point,
    bounding_box,
    distance_km,
    place_latitude,
    place_longitude,
)
from .choices import LATITUDE_RANGE, LONGITUDE_RANGE
from .history import History
from .validators import validate_postcode


class LocationQuerySet(models.QuerySet):
    def with_commune(self) -> LocationQuerySet:
        return self.select_related("commune__departement")

    def with_distance(self, point: Point) -> LocationQuerySet:
        """Annotate ``distance`` (km) from ``point``; a place without coordinates is taken
        at its commune's centroid."""
        return self.annotate(distance=distance_km(place_latitude(), place_longitude(), point))

    def within(self, point: Point, km: float) -> LocationQuerySet:
        """Places less than ``km`` kilometres from ``point``."""
        south, north, west, east = bounding_box(point, km)
        return (
            self.alias(lat=place_latitude(), lon=place_longitude())
            .filter(lat__range=(south, north), lon__range=(west, east))
            .with_distance(point)
            .filter(distance__lte=km)
        )


class Location(models.Model):
    """A place where an initiative is active: a delivery point, an office, a garden."""

    initiative = models.ForeignKey(
        "directory.Initiative",
        verbose_name="initiative",
        on_delete=models.CASCADE,
        related_name="locations",
    )
    label = models.CharField(
        "intitulé", max_length=200, blank=True, help_text="Par exemple « Point de livraison »."
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    postcode = models.CharField(
        "code postal", max_length=5, blank=True, validators=[validate_postcode]
    )
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name="commune",
        on_delete=models.PROTECT,
        related_name="locations",
    )
    latitude = models.FloatField(
        "latitude",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(LATITUDE_RANGE[0], "Ce point est trop au sud de l'Île-de-France."),
            MaxValueValidator(LATITUDE_RANGE[1], "Ce point est trop au nord de l'Île-de-France."),
        ],
    )
    longitude = models.FloatField(
        "longitude",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(
                LONGITUDE_RANGE[0], "Ce point est trop à l'ouest de l'Île-de-France."
            ),
            MaxValueValidator(LONGITUDE_RANGE[1], "Ce point est trop à l'est de l'Île-de-France."),
        ],
    )
    # Its coordinates, or its commune's centre, on the plane of nearest-first searches: kept by
    # a database trigger (directory/db/sql/places.sql), whatever writes the place.
    position = PlanarPositionField("position", null=True, editable=False)
    is_primary = models.BooleanField(
        "lieu principal", default=False, help_text="Un seul lieu principal par initiative."
    )

    objects = LocationQuerySet.as_manager()
    history = History(
        excluded_fields=["position"],
        verbose_name="version d'un lieu",
        verbose_name_plural="versions des lieux",
    )

    class Meta:
        ordering = ["-is_primary", "id"]
        verbose_name = "lieu"
        verbose_name_plural = "lieux"
        # Nearest places first, from the index (``position <-> point``).
        indexes = [GistIndex(fields=["position"], name="directory_location_position")]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"],
                condition=Q(is_primary=True),
                name="directory_location_one_primary",
                violation_error_message="Cette initiative a déjà un lieu principal.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__range=LATITUDE_RANGE,
                    longitude__range=LONGITUDE_RANGE,
                ),
                name="directory_location_coordinates_in_region",
            ),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^[0-9]{5}$"),
                name="directory_location_postcode_format",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.address or str(self.commune)

    def get_absolute_url(self) -> str:
        return self.initiative.get_absolute_url()

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self) -> None:
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = "Indiquez la latitude et la longitude, ou aucune des deux."
        if self.postcode and self.commune_id and self.postcode not in self.commune.postcodes:
            known = ", ".join(self.commune.postcodes) or "aucun"
            errors["postcode"] = (
                f"Le code postal {self.postcode} n'est pas celui de {self.commune.name} "
                f"(codes connus : {known})."
            )
        if errors:
            raise ValidationError(errors)
