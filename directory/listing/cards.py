"""A listing page's cards when its entries' ids are known and no distance shapes the query:
one prepared query, compiled once per shape and process (``directory.db.prepared``).

Building and compiling the cards' queryset took 1.4 and 0.8 ms a page by name, 1.5 and 3.3 ms
a search's page (its rank and highlights), and planning the query 0.4-0.75 ms, at 100,000
entries on the benchmark's 2-core machine, for a query that runs in 0.5-2 ms. A search's
query differs from one to the next only by its texts (the words typed and the thesaurus's
rewritings of them), the ids and the name compared for typos: its shape is the sort, how many
texts and whether names are compared.
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django.db.models.query import RawQuerySet

from ..db.lookups import IdArray
from ..db.prepared import compiled_raw
from ..models import Initiative
from ..models.initiative_queryset import InitiativeQuerySet
from ..search.query import ParsedQuery, websearch_tsquery
from .hours import with_opening_hours
from .sorting import Sort

# What stands for the page's ids while the query is compiled (no entry has a negative id),
# and for a search's texts and the name it compares (none holds a NUL character).
_IDS = [-1]
_NAME = "\x00name"


def cards(sort_key: str, ids: list[int]) -> RawQuerySet:
    """The entries ``ids`` with what their cards show (``for_listing()``, their places'
    hours), in the order of ``sort_key`` (``Sort.NAME``, ``RECENT`` or ``OLDEST``)."""
    build = partial(_cards, sort_key)
    return compiled_raw(Initiative, ("listing cards", sort_key), build, (_IDS,), (ids,))


def search_cards(
    sort_key: str, query: ParsedQuery, name_like: str | None, ids: list[int]
) -> RawQuerySet:
    """``cards()`` of a search: ranked by ``query`` (and the closeness of the names to
    ``name_like``, if given) when sorted by relevance, the words marked in names and
    summaries."""
    count, compares = len(query.searched), name_like is not None
    markers: tuple[Any, ...] = (_IDS, *(f"\x00text {number}" for number in range(count)))
    values: tuple[Any, ...] = (ids, *query.searched)
    if compares:
        markers, values = (*markers, _NAME), (*values, name_like)
    build = partial(_search_cards, sort_key, count, compares)
    key = ("search cards", sort_key, count, compares)
    return compiled_raw(Initiative, key, build, markers, values)


def _cards(sort_key: str, ids: list[int]) -> InitiativeQuerySet:
    chosen = Initiative.objects.filter(pk__any_of=IdArray(ids))
    ordering = cast(list[Any], Sort.ORDERING[sort_key])
    return with_opening_hours(chosen.order_by(*ordering).for_listing())


def _search_cards(
    sort_key: str, count: int, compares: bool, ids: list[int], *texts: str
) -> InitiativeQuerySet:
    # What ``InitiativeFilter.ordered``, ``for_listing``, ``with_opening_hours`` and
    # ``with_highlights`` make of the page's queryset, in that order.
    tsquery = websearch_tsquery(texts[:count])
    chosen = Initiative.objects.filter(pk__any_of=IdArray(ids))
    if sort_key == Sort.RELEVANCE:
        chosen = chosen.ranked(tsquery, texts[count] if compares else None)
    else:
        chosen = chosen.order_by(*cast(list[Any], Sort.ORDERING[sort_key]))
    return with_opening_hours(chosen.for_listing()).with_highlights(tsquery)
