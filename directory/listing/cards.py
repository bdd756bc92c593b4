"""A listing page's cards when its entries' ids are known and nothing but the sort shapes the
query (no search, no distance): one prepared query, compiled once per sort and process
(``directory.db.prepared``). Building and compiling it took 1.4 and 0.8 ms a page, planning
it 0.4-0.6 ms, at 100,000 entries on the benchmark's 2-core machine, for a query that runs in
about 0.5 ms."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django.db.models.query import RawQuerySet

from ..db.lookups import IdArray
from ..db.prepared import compiled_raw
from ..models import Initiative
from ..models.initiative_queryset import InitiativeQuerySet
from .hours import with_opening_hours
from .sorting import Sort

# What stands for the page's ids while the query is compiled (no entry has a negative id).
_IDS = [-1]


def cards(sort_key: str, ids: list[int]) -> RawQuerySet:
    """The entries ``ids`` with what their cards show (``for_listing()``, their places'
    hours), in the order of ``sort_key`` (``Sort.NAME``, ``RECENT`` or ``OLDEST``)."""
    build = partial(_cards, sort_key)
    return compiled_raw(Initiative, ("listing cards", sort_key), build, _IDS, ids)


def _cards(sort_key: str, ids: list[int]) -> InitiativeQuerySet:
    chosen = Initiative.objects.filter(pk__any_of=IdArray(ids))
    ordering = cast(list[Any], Sort.ORDERING[sort_key])
    return with_opening_hours(chosen.order_by(*ordering).for_listing())
