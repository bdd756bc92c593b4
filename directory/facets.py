"""Facet counts: beside each filter option, how many results choosing it would give.

Options of one filter are alternatives, different filters combine: the counts of a filter's
options come from the listing filtered by every *other* filter. All facets and the total are
computed in one SQL query (a ``UNION ALL`` of grouped counts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, F, Func, Value
from django.db.models.functions import Cast, Coalesce

from .filters import InitiativeFilter
from .models import Initiative, Location

TOTAL = "total"
FACETS = ("categorie", "departement", "forme", "principe", "portee")


@dataclass
class FacetCounts:
    """Counts per facet and option key (category or département id, choice value)."""

    total: int
    counts: dict[str, dict[str, int]]

    def get(self, facet: str, key: object) -> int:
        return self.counts.get(facet, {}).get(str(key), 0)


def _rows(queryset, facet: str, key):
    """``(facet, key, n)`` rows grouped by ``key``, ready for a union."""
    return (
        queryset.order_by()
        .annotate(facet=Value(facet, output_field=CharField()), key=Cast(key, CharField()))
        .values("facet", "key")
        .annotate(n=Count("*"))
        .values_list("facet", "key", "n")
    )


def _distinct_rows(queryset, facet: str, key):
    """Like ``_rows``, counting each initiative once per key."""
    return (
        queryset.order_by()
        .annotate(facet=Value(facet, output_field=CharField()), key=Cast(key, CharField()))
        .values("facet", "key")
        .annotate(n=Count("initiative_id", distinct=True))
        .values_list("facet", "key", "n")
    )


def facet_counts(filterset: InitiativeFilter) -> FacetCounts:
    """Every facet's counts and the total of the filtered listing, in one query."""
    base = filterset.queryset

    def ids_without(facet: str):
        return filterset.filter_queryset_except(base, facet).order_by().values("pk")

    links = Initiative.categories.through.objects
    categories = ids_without("categorie")
    parts = [
        filterset.qs.order_by()
        .annotate(facet=Value(TOTAL, output_field=CharField()), key=Value("", CharField()))
        .values("facet", "key")
        .annotate(n=Count("*"))
        .values_list("facet", "key", "n"),
        # Kinds, then domains (an entry in two kinds of one domain counts once there).
        _rows(
            links.filter(initiative_id__in=categories, category__parent__isnull=False),
            "categorie",
            F("category_id"),
        ),
        _distinct_rows(
            links.filter(initiative_id__in=categories),
            "categorie",
            Coalesce("category__parent_id", "category_id"),
        ),
        _distinct_rows(
            Location.objects.filter(initiative_id__in=ids_without("departement")),
            "departement",
            F("commune__departement_id"),
        ),
        _rows(filterset.filter_queryset_except(base, "forme"), "forme", F("legal_form")),
        _rows(filterset.filter_queryset_except(base, "portee"), "portee", F("scope")),
        _rows(
            filterset.filter_queryset_except(base, "principe"),
            "principe",
            Func(F("principles"), function="unnest"),
        ),
    ]
    query = parts[0].union(*parts[1:], all=True)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    total = 0
    for facet, key, n in query:
        if facet == TOTAL:
            total = n
        else:
            counts[facet][key] = n
    return FacetCounts(total=total, counts=dict(counts))
