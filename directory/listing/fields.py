"""Form fields of the listing's filters that take what a person types: a search, a commune, a
place, départements by slug or INSEE code."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.fields import MultipleChoiceField

from ..db.geo import Point
from ..models import LATITUDE_RANGE, LONGITUDE_RANGE, Commune
from ..models.territories import clean_term

# A position typed as "latitude,longitude" (what the browser's geolocation fills in).
POSITION = re.compile(r"\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*")


class SearchField(forms.CharField):
    """A search as typed. NUL characters, which nobody types and PostgreSQL refuses in text,
    are dropped rather than refusing the search (as the commune suggestions drop them)."""

    def to_python(self, value: str | None) -> str | None:
        text = super().to_python(value)
        return text.replace("\x00", "") if text else text


class DepartementField(MultipleChoiceField):
    """Départements by slug (``seine-saint-denis``) or INSEE code (``93``), cleaned into the
    slugs of the options, once each: a code and its slug are the same filter value, for the
    results, the facet counts and their cache keys alike.

    ``codes`` maps each département's code to its slug (the FilterSet's reference list)."""

    def __init__(self, *args, codes: dict[str, str] | None = None, **kwargs) -> None:
        self.codes = codes or {}
        super().__init__(*args, **kwargs)

    def canonical(self, value: str) -> str:
        """The slug of the département whose code is ``value``; else ``value`` as it is."""
        return self.codes.get(value.strip().upper(), value)

    def to_python(self, value) -> list[str]:
        return list(dict.fromkeys(self.canonical(item) for item in super().to_python(value)))


class CommuneField(forms.CharField):
    """A commune typed as a slug, a name, an INSEE code or a postcode."""

    default_error_messages = {
        "unknown": _("Aucune commune d'Île-de-France ne correspond à « %(value)s »."),
    }
    # Communes already resolved, by cleaned term (the FilterSet resolves its two at once).
    resolved: dict[str, Commune | None] = {}

    def clean(self, value: str) -> Commune | None:
        value = super().clean(value)
        if not value:
            return None
        term = clean_term(value)
        known = self.resolved
        match = known[term] if term in known else Commune.objects.resolve(term)
        if match is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value[:100]}
            )
        return match


class PlaceField(CommuneField):
    """A commune (as ``CommuneField``) or a position typed as "latitude,longitude"."""

    default_error_messages = {
        "far": _("Cette position est trop loin de l'Île-de-France."),
        "unplaced": _("La commune « %(value)s » n'a pas de coordonnées connues."),
    }

    def clean(self, value: str) -> Point | None:
        position = POSITION.fullmatch(value or "")
        if position:
            latitude, longitude = float(position[1]), float(position[2])
            if not (
                LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]
                and LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
            ):
                raise forms.ValidationError(self.error_messages["far"], code="far")
            return Point(latitude, longitude, gettext("votre position"))
        commune = super().clean(value)
        if commune is None:
            return None
        if commune.latitude is None or commune.longitude is None:
            raise forms.ValidationError(
                self.error_messages["unplaced"], code="unplaced", params={"value": commune.name}
            )
        return Point(commune.latitude, commune.longitude, commune.name)


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class DepartementFilter(django_filters.MultipleChoiceFilter):
    field_class = DepartementField


class CommuneFilter(django_filters.Filter):
    field_class = CommuneField


class PlaceFilter(django_filters.Filter):
    field_class = PlaceField
