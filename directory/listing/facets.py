"""Facet counts: beside each filter option, how many results choosing it would give.

Options of one filter are alternatives, different filters combine: the counts of a filter's
options come from the listing filtered by every *other* filter. All facets and the total are
computed in one SQL query, a ``UNION ALL`` of grouped counts over the initiatives table alone
(categories and départements are arrays kept on each initiative by database triggers).

The counts depend on the validated filters only, not on the page, the sort or unknown
parameters: they are cached for the current data version under a digest of that query's SQL,
so one computation serves every page and every sort of a filter state.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..models.data_version import cached
from ..models.initiative_queryset import facet_union
from .filters import InitiativeFilter

TOTAL = "total"
# Each facet: the filter it belongs to, and the field its options count.
FACET_FIELDS = {
    "categorie": "category_ids",
    "departement": "departement_ids",
    "forme": "legal_form",
    "principe": "principles",
    "portee": "scope",
}
FACETS = tuple(FACET_FIELDS)


@dataclass
class FacetCounts:
    """Counts per facet and option key (category or département id, choice value)."""

    total: int
    counts: dict[str, dict[str, int]]

    def get(self, facet: str, key: object) -> int:
        return self.counts.get(facet, {}).get(str(key), 0)


def facet_counts(filterset: InitiativeFilter, facets: tuple[str, ...] = FACETS) -> FacetCounts:
    """The counts of ``facets`` (all by default) and the total of the filtered listing, in
    one query. An unbound FilterSet gives the counts over its whole queryset (the home page's
    domains and départements)."""
    parts = [filterset.qs.facet_rows(TOTAL)]
    for facet in facets:
        others = filterset.filter_queryset_except(filterset.queryset, facet)
        parts.append(others.facet_rows(facet, FACET_FIELDS[facet]))
    query = facet_union(*parts)
    sql, params = query.query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
    return cached(f"facets:{digest}", lambda: _count(query))


def _count(query) -> FacetCounts:
    counts: dict[str, dict[str, int]] = {}
    for facet, key, n in query:
        counts.setdefault(facet, {})[key] = n
    total = counts.pop(TOTAL, {}).get("", 0)
    return FacetCounts(total=total, counts=counts)
