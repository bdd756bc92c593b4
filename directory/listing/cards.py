"""A listing page's cards when its entries' ids are known and no distance shapes the query:
one prepared query, compiled once per shape and process (``directory.db.prepared``).

Building and compiling the cards' queryset took 1.4 and 0.8 ms a page by name, 1.5 and 3.3 ms
a search's page (its rank and highlights), and planning the query 0.4-0.75 ms, at 100,000
entries on the benchmark's 2-core machine, for a query that runs in 0.5-2 ms. The query
differs from one page to the next only by the ids, a search's texts (the words typed and the
thesaurus's rewritings of them) and the name compared for typos: its shape is the sort, how
many texts and whether names are compared.
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from ..db.lookups import IdArray
from ..db.prepared import SLICE_COUNT, SLICE_OFFSET, compiled_raw
from ..models import Initiative
from ..models.initiative_queryset import InitiativeQuerySet
from ..search.query import websearch_tsquery
from .filters import InitiativeFilter
from .hours import with_opening_hours
from .sorting import Sort

# What stands for the page's ids while the query is compiled (no entry has a negative id),
# and for a search's texts and the name it compares (none holds a NUL character).
_IDS = [-1]
_NAME = "\x00name"


def listed_cards(filterset: InitiativeFilter, ids: list[int]) -> list[Initiative]:
    """The entries ``ids`` with what their cards show (``for_listing()``, their places'
    hours), in ``filterset``'s order (not by distance), and for a search ranked by its query
    (and the closeness of the names, when it compares them) with its words marked in names
    and summaries: what ``ordered()``, ``for_listing()``, ``with_opening_hours()`` and
    ``with_highlights()`` make of the page's queryset."""
    query, sort_key = filterset.parsed_query, filterset.sort_key
    texts = query.searched if query is not None else ()
    markers: tuple[Any, ...] = (_IDS, *(f"\x00text {number}" for number in range(len(texts))))
    values: tuple[Any, ...] = (ids, *texts)
    # (Whether names are compared is decided, by a query, only for a page by relevance.)
    compares = query is not None and sort_key == Sort.RELEVANCE and filterset.compares_names
    name_like = query.name_like if query is not None and compares else None
    if name_like is not None:
        markers, values = (*markers, _NAME), (*values, name_like)
    shape = (sort_key, len(texts), name_like is not None)
    return compiled_raw(Initiative, ("cards", *shape), partial(_cards, *shape), markers, values)


def ranked_page_cards(
    filterset: InitiativeFilter, ranked: list[int], offset: int, count: int
) -> list[Initiative]:
    """The cards of the page of ``count`` entries after the first ``offset`` of ``ranked``
    (the entries a search's words rank) in the order of relevance, chosen by PostgreSQL: what
    ``listed_cards`` gives for that page's ids, in one prepared query (its slice's bounds as
    parameters), where the page's queryset was built and compiled for each page (1.5-2 ms
    of a rarer word's 12, at 100,000 entries, over half its pages: fewer than
    ``kept_ids.RANKS_FROM`` ranked, their order is not kept)."""
    query = filterset.parsed_query
    # (A search that compares names ranks no entry apart: its pages are chosen otherwise.)
    assert query is not None and filterset.sort_key == Sort.RELEVANCE
    assert not filterset.compares_names
    texts = query.searched
    markers: tuple[Any, ...] = (
        _IDS,
        SLICE_OFFSET,
        SLICE_COUNT,
        *(f"\x00text {number}" for number in range(len(texts))),
    )
    values: tuple[Any, ...] = (ranked, offset, count, *texts)
    build = partial(_ranked_page, len(texts))
    return compiled_raw(Initiative, ("ranked page", len(texts)), build, markers, values)


def _ranked_page(
    count: int, ids: list[int], offset: int, limit: int, *texts: str
) -> InitiativeQuerySet:
    ranked = Initiative.objects.filter(pk__any_of=IdArray(ids)).ranked(websearch_tsquery(texts))
    page = ranked[offset : offset + limit].values("pk")
    return _cards_of(Initiative.objects.filter(pk__in=page), Sort.RELEVANCE, count, False, texts)


def _cards(
    sort_key: str, count: int, compares: bool, ids: list[int], *texts: str
) -> InitiativeQuerySet:
    chosen = Initiative.objects.filter(pk__any_of=IdArray(ids))
    return _cards_of(chosen, sort_key, count, compares, texts)


def _cards_of(
    chosen: InitiativeQuerySet, sort_key: str, count: int, compares: bool, texts: tuple[str, ...]
) -> InitiativeQuerySet:
    tsquery = websearch_tsquery(texts[:count]) if count else None
    if tsquery is not None and sort_key == Sort.RELEVANCE:
        chosen = chosen.ranked(tsquery, texts[count] if compares else None)
    else:
        chosen = chosen.order_by(*cast(list[Any], Sort.ORDERING[sort_key]))
    cards = with_opening_hours(chosen.for_listing())
    return cards if tsquery is None else cards.with_highlights(tsquery)
