"""The « ouvert maintenant » filter (``ouvert=maintenant``) and its count, exact for the moment
of the request (Europe/Paris, French public holidays).

In SQL, a place is open when its weekly schedule holds the moment's offset
(``Location.objects.open_at``, ``directory.hours.schedule``); hours that depend on the date
have no schedule and are evaluated by the library, value by value: the few values the process
knows (``IRREGULAR_HOURS`` of the bitsets) that are open then join the query by their text.

The count beside the option comes from the bitsets (``directory.listing.bitsets``): the
published entries of each distinct weekly schedule, tested in Python against the same offset
(the twin of the SQL test), and those of each date-dependent value, evaluated by the library.
The moment when any of these states next changes (``next_change``) bounds how long a listing
page, its facet counts and the pages that show open states may be cached
(``directory.public.caching``).
"""

from __future__ import annotations

import datetime
import re
import threading
from bisect import bisect_right
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef

from ..hours import clock
from ..hours.schedule import WEEK, moment_offset
from ..hours.state import is_open_at
from ..hours.state import next_change as value_next_change
from ..models import Location
from ..models.initiative_queryset import InitiativeQuerySet
from .bitsets import HOURS, IRREGULAR_HOURS, FacetBitsets, facet_bitsets

OPEN_NOW = "maintenant"
RANGE = re.compile(r"\[(\d+),(\d+)\)")


@dataclass(frozen=True)
class PublishedHours:
    """The published entries' hours at one facets' version, ready to test."""

    version: int
    weekly: tuple[tuple[tuple[tuple[int, int], ...], int], ...]  # (schedule, entries)
    irregular: tuple[tuple[str, int], ...]  # (value, entries)
    bounds: tuple[int, ...]  # every start and end of a schedule, sorted


def _prepare(bitsets: FacetBitsets) -> PublishedHours:
    weekly = []
    bounds: set[int] = set()
    for text, bits in bitsets.options.get(HOURS, {}).items():
        schedule = tuple((int(start), int(end)) for start, end in RANGE.findall(text))
        weekly.append((schedule, bits))
        bounds.update(bound for interval in schedule for bound in interval)
    irregular = tuple(bitsets.options.get(IRREGULAR_HOURS, {}).items())
    return PublishedHours(bitsets.version, tuple(weekly), irregular, tuple(sorted(bounds)))


_lock = threading.Lock()
_prepared: PublishedHours | None = None


def published_hours() -> PublishedHours:
    """The published entries' hours at the current facets' version (no query once the
    process has its bitsets)."""
    global _prepared
    bitsets = facet_bitsets()
    prepared = _prepared
    if prepared is None or prepared.version != bitsets.version:
        with _lock:
            prepared = _prepared = _prepare(bitsets)
    return prepared


def irregular_open(hours: PublishedHours, local: datetime.datetime) -> list[str]:
    """The date-dependent values open at ``local``."""
    return [value for value, _bits in hours.irregular if is_open_at(value, local)]


def open_entries(hours: PublishedHours, local: datetime.datetime) -> int:
    """The bitset of the published entries open at ``local``: the Python twin of
    ``open_now``'s SQL."""
    offset = moment_offset(local)
    bits = 0
    for schedule, entries in hours.weekly:
        if any(start <= offset < end for start, end in schedule):
            bits |= entries
    for value, entries in hours.irregular:
        if is_open_at(value, local):
            bits |= entries
    return bits


def next_change(hours: PublishedHours, local: datetime.datetime) -> datetime.datetime:
    """When an open state of a published place, or the day, next changes after ``local``."""
    midnight = local.replace(hour=0, minute=0) + datetime.timedelta(days=1)
    offset = moment_offset(local)
    variant_end = (offset // WEEK + 1) * WEEK
    changes = [midnight]
    index = bisect_right(hours.bounds, offset)
    if index < len(hours.bounds) and hours.bounds[index] < variant_end:
        changes.append(local + datetime.timedelta(minutes=hours.bounds[index] - offset))
    for value, _bits in hours.irregular:
        change = value_next_change(value, local)
        if change is not None and change > local:
            changes.append(change)
    return min(changes)


def open_now(queryset: InitiativeQuerySet, local: datetime.datetime | None = None):
    """The entries of ``queryset`` with a place open at ``local`` (default: now)."""
    local = clock.local() if local is None else local
    hours = published_hours()
    clock.shown_until(next_change(hours, local))
    places = Location.objects.open_at(moment_offset(local), irregular_open(hours, local))
    return queryset.filter(Exists(places.filter(initiative=OuterRef("pk"))))


def with_opening_hours(queryset: InitiativeQuerySet) -> InitiativeQuerySet:
    """Annotate ``opening_hours_values``, the hours of each entry's places, in the same query
    (what a result card's state is computed from)."""
    values = Location.objects.filter(initiative=OuterRef("pk")).exclude(opening_hours="")
    return queryset.annotate(
        opening_hours_values=ArraySubquery(values.order_by().values("opening_hours"))
    )


def open_count(results: int, local: datetime.datetime) -> int:
    """How many of the entries in the bitset ``results`` are open at ``local``."""
    return (results & open_entries(published_hours(), local)).bit_count()


def states_until(local: datetime.datetime) -> datetime.datetime:
    """The next change of an open state after ``local``, recorded for the page cache
    (``clock.shown_until``)."""
    change = next_change(published_hours(), local)
    clock.shown_until(change)
    return change
