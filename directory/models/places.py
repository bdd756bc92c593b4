"""Places where an initiative is active, and the distances to them."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField, IntegerRangeField
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from psycopg.types.range import Range

from ..db.geo import (
    PlanarPositionField,
    Point,
    bounding_box,
    distance_km,
    place_latitude,
    place_longitude,
)
from ..hours.parsing import MAX_LENGTH as HOURS_MAX_LENGTH
from ..hours.parsing import validate_opening_hours
from ..hours.schedule import weekly_schedule
from .choices import LATITUDE_RANGE, LONGITUDE_RANGE
from .history import History
from .validators import validate_postcode


def schedule_ranges(opening_hours: str) -> list[Range] | None:
    """The ``schedule`` column of a place with these hours."""
    schedule = weekly_schedule(opening_hours)
    return None if schedule is None else [Range(start, end) for start, end in schedule]


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

    def open_at(self, offset: int, irregular_open: list[str]) -> LocationQuerySet:
        """Places open at the moment whose schedule offset is ``offset``
        (``directory.hours.schedule.moment_offset``), and those whose hours depend on the date
        and are among ``irregular_open`` (the values the library found open then)."""
        weekly = Q(schedule__holds=offset)
        irregular = Q(schedule__isnull=True, opening_hours__in=irregular_open)
        return self.filter(Q(weekly) | irregular) if irregular_open else self.filter(weekly)


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
    opening_hours = models.CharField(
        "horaires d'accueil",
        max_length=HOURS_MAX_LENGTH,
        blank=True,
        validators=[validate_opening_hours],
        help_text="Au format OpenStreetMap, comme data·inclusion (horaires_accueil) : "
        "« Mo,Th 18:00-20:00 », « Mo-Fr 09:00-12:00,14:00-17:00; PH off » (PH : jours "
        "fériés). Laissez vide si aucune source ne les donne.",
    )
    # The minutes of the week it is open (directory.hours.schedule), kept by ``save()``: what
    # the « ouvert maintenant » filter tests in SQL. None when its hours depend on the date.
    schedule = ArrayField(
        IntegerRangeField(),
        verbose_name="semaine d'ouverture",
        null=True,
        blank=True,
        editable=False,
    )
    is_primary = models.BooleanField(
        "lieu principal", default=False, help_text="Un seul lieu principal par initiative."
    )

    objects = LocationQuerySet.as_manager()
    history = History(
        excluded_fields=["position", "schedule"],
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

    def save(self, *args, **kwargs) -> None:
        self.schedule = schedule_ranges(self.opening_hours)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "opening_hours" in update_fields:
            kwargs["update_fields"] = {*update_fields, "schedule"}
        super().save(*args, **kwargs)

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
