"""What a visitor reads of opening hours at a moment: open now, opening later today, or closed
today; today's open intervals; when the next change of state comes. Computed by the library
from the value itself (dates, holidays and nights included)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from opening_hours import State

from .parsing import is_valid, parse


@dataclass(frozen=True)
class OpenState:
    """The state of one or several places at ``moment`` (a naive wall-clock time in Paris).

    ``is_open``; ``opens_at``: a later opening the same day when closed; ``closes_at``: the
    end of the current opening when it ends the same day; ``today``: the day's open
    intervals as (start, end) datetimes."""

    moment: datetime.datetime
    is_open: bool
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    today: tuple[tuple[datetime.datetime, datetime.datetime], ...]


def _day_bounds(moment: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + datetime.timedelta(days=1)


Span = tuple[datetime.datetime, datetime.datetime]


def _today(value: str, moment: datetime.datetime) -> list[Span]:
    """The openings that start on ``moment``'s day (a night's to its end, the next day), and
    one running since the day before; an opening past the next day ends at ``horizon``."""
    start, midnight = _day_bounds(moment)
    horizon = midnight + datetime.timedelta(days=1)
    return [
        (begin, finish)
        for begin, finish, state, _comment in parse(value).intervals(start, horizon)
        if state == State.OPEN and begin < midnight
    ]


def open_state(values: Iterable[str], moment: datetime.datetime) -> OpenState | None:
    """The combined state of the places whose hours are ``values`` (one open is enough); None
    when none has valid hours."""
    values = [value for value in values if value and is_valid(value)]
    if not values:
        return None
    horizon = _day_bounds(moment)[1] + datetime.timedelta(days=1)
    today = sorted({interval for value in values for interval in _today(value, moment)})
    current = [finish for begin, finish in today if begin <= moment < finish]
    is_open = bool(current)
    closes_at = max(current) if current and max(current) < horizon else None
    later = [begin for begin, _finish in today if begin > moment]
    opens_at = None if is_open or not later else min(later)
    return OpenState(
        moment=moment, is_open=is_open, opens_at=opens_at, closes_at=closes_at, today=tuple(today)
    )


def is_open_at(value: str, moment: datetime.datetime) -> bool:
    """Whether ``value`` is open at ``moment`` (the library's answer, the twin of SQL's)."""
    return bool(value) and is_valid(value) and parse(value).is_open(moment)


def next_change(value: str, moment: datetime.datetime) -> datetime.datetime | None:
    """When the state of ``value`` next changes after ``moment`` (None: never)."""
    if not value or not is_valid(value):
        return None
    change = parse(value).next_change(moment)
    return change.replace(tzinfo=None) if change is not None else None
