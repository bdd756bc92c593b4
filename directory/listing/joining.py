"""The listing's filters on how to join: ``distribution`` (a day: ``distribution=mardi``),
``age`` (takes children of that age in years: ``age=2``) and ``disponibilite`` (a current
availability: ``disponibilite=places``). Each is repeatable, its values alternatives, and a
facet: counted on bitsets from the same SQL conditions (``directory.listing.bitsets``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models.freshness import Availability
from ..models.join_queryset import JOIN_FACETS
from ..models.joining import AGES, WEEKDAYS

# Each filter: its label and its options (value, label).
JOIN_FILTER_CHOICES: dict[str, tuple[Any, list[tuple[str, Any]]]] = {
    "distribution": (_("Jour de distribution"), WEEKDAYS),
    "age": (_("Âge des enfants accueillis"), AGES),
    "disponibilite": (_("Disponibilité actuelle"), list(Availability.choices)),
}
assert tuple(JOIN_FILTER_CHOICES) == JOIN_FACETS


def _filtering(facet: str) -> Callable:
    def method(queryset, name: str, value: list[str]):
        return queryset.with_options(facet, value)

    return method


def join_filter(facet: str) -> django_filters.MultipleChoiceFilter:
    """The listing's filter ``facet``."""
    label, choices = JOIN_FILTER_CHOICES[facet]
    return django_filters.MultipleChoiceFilter(
        label=label, choices=choices, method=_filtering(facet)
    )


def join_option_labels() -> dict[str, dict[str, str]]:
    """Each filter's options by value, for the filters in force."""
    return {
        facet: {value: str(label) for value, label in choices}
        for facet, (_label, choices) in JOIN_FILTER_CHOICES.items()
    }


def join_choice_facets() -> list[tuple[str, list[tuple[str, Any]]]]:
    """``(facet, choices)`` of each filter, in the listing's order."""
    return [(facet, choices) for facet, (_label, choices) in JOIN_FILTER_CHOICES.items()]
