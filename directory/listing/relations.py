"""The listing's filters on relations between entries: ``membre_de``, ``accompagne_par`` and
``accepte``, each naming the other entry by its slug (``membre_de=reseau-amap-ile-de-france``),
repeatable (the entries related to any of them), with facet counts.

A filter's options are the published entries that are the object of at least one such relation
from a published entry (the networks, the incubators, the currencies). They are read with the
facets' bitsets (``directory.listing.bitsets``: the same query, the same facets' version, which
relations, statuses, names and slugs bump), so a listing page runs no query for them; they
also validate the slugs (an unknown one is a form error, as for categories). Facet counts come
from the bitsets of each option's subjects; the results' SQL keeps the subjects through the
relations' index on ``(kind, object, subject)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters

from ..models.initiative_queryset import InitiativeQuerySet
from ..models.relations import FILTERED_KINDS, Relation, RelationKind
from .bitsets import Target, facet_bitsets

# The listing's filters on relations, by parameter (a relation kind's value), and their labels.
RELATION_FILTERS = {
    RelationKind.MEMBER_OF.value: "Membre du réseau",
    RelationKind.INCUBATED_BY.value: "Accompagnée par",
    RelationKind.ACCEPTS.value: "Accepte la monnaie",
}
assert set(RELATION_FILTERS) == {kind.value for kind in FILTERED_KINDS}


def reference_targets() -> dict[str, list[Target]]:
    """For each filtered kind, the published entries it points to from a published entry, by
    name: read with the facets' bitsets (no query of their own when the listing counts its
    facets, one at most per facets' version and process otherwise)."""
    return facet_bitsets().targets


def filter_related(queryset: InitiativeQuerySet, name: str, value: list[str]):
    """The entries that are ``name`` (a relation kind) of any of the entries ``value`` names."""
    return queryset.filter(pk__in=Relation.objects.subjects_of(name, value))


def relation_filter(kind: str) -> django_filters.MultipleChoiceFilter:
    """The filter of relations of ``kind``; its choices are set per request
    (``install``)."""
    return django_filters.MultipleChoiceFilter(
        label=RELATION_FILTERS[kind], field_name=kind, method=filter_related
    )


def install(filters: dict[str, Any]) -> None:
    """Give the relation filters among ``filters`` their options, read only when needed: to
    check a value given (``MultipleChoiceField`` iterates its choices only then) or to show the
    options (``InitiativeFilter.relation_targets``). A page that uses neither, such as the home
    page's counts or an API request without these parameters, never reads them."""
    for kind in RELATION_FILTERS:
        filters[kind].extra["choices"] = LazyChoices(kind)


class LazyChoices:
    """The choices of a relation filter, read when first iterated (``reference_targets``:
    the facets' bitsets, per process and facets' version). Copies share it."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self) -> list[tuple[str, str]]:
        return [(target.slug, target.name) for target in reference_targets()[self.kind]]

    def __deepcopy__(self, memo: dict) -> LazyChoices:
        return self


def option_keys(targets: dict[str, list[Target]], name: str, value: list[str]) -> list[str]:
    """The bitset keys (the objects' ids) of the slugs chosen in the filter ``name``."""
    return [str(target.pk) for target in targets[name] if target.slug in value]


def active_labels(targets: dict[str, list[Target]]) -> dict[str, dict[str, str]]:
    """Each relation filter's options, slug to name: how the filters in force are shown."""
    return {kind: {t.slug: t.name for t in options} for kind, options in targets.items()}


def relation_facets(
    filterset: Any, options: Callable[[str, list[tuple[object, str, str]]], list]
) -> list[tuple[str, str, list]]:
    """The relation filters that have options, as the listing shows its choice facets:
    ``(parameter, label, options with counts)``."""
    return [
        (
            kind,
            RELATION_FILTERS[kind],
            options(kind, [(t.pk, t.slug, t.name) for t in targets]),
        )
        for kind, targets in filterset.relation_targets.items()
        if targets
    ]
