"""The weekly schedule of an ``opening_hours`` value, as minutes of the week that SQL can test.

A schedule is a list of half-open ``[start, end)`` minute intervals: minute 0 is Monday 00:00
and ``WEEK`` (10,080) the next Monday, for an ordinary week; the same week *as if every day
were a public holiday* follows, shifted by ``WEEK``. A moment is then one number,
``moment_offset()``: its minute of the week, plus ``WEEK`` on a French public holiday, and a
place is open at that moment when one of its intervals contains it (SQL:
``offset <@ ANY(schedule)``).

Only values that repeat every week have a schedule. Those that depend on the date (months,
week numbers, dates, years, sunrise and sunset…) have none (``None``): they are evaluated by
the library itself, place by place (``directory.listing.hours``).

A holiday's day is evaluated on a real holiday of the same weekday, so a night that runs from a
holiday into the next (ordinary) day ends at midnight in the schedule; the library, which
knows the calendar, has the last word on a detail page (README, « Horaires d'accueil »).
"""

from __future__ import annotations

import datetime

from opening_hours import OpeningHours, State

from .parsing import parse

DAY = 24 * 60
WEEK = 7 * DAY
# A Monday, and the number of following weeks a weekly value must give the same schedule in.
REFERENCE_MONDAY = datetime.datetime(2025, 1, 6)
WEEKS_CHECKED = 53
# A French public holiday falling on each weekday (Monday first).
HOLIDAY_ON_WEEKDAY = (
    datetime.datetime(2025, 7, 14),
    datetime.datetime(2025, 11, 11),
    datetime.datetime(2025, 1, 1),
    datetime.datetime(2025, 5, 1),
    datetime.datetime(2025, 8, 15),
    datetime.datetime(2025, 11, 1),
    datetime.datetime(2026, 11, 1),
)

Interval = tuple[int, int]


def _minutes(delta: datetime.timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _open_between(
    hours: OpeningHours, start: datetime.datetime, end: datetime.datetime
) -> list[Interval]:
    """The open intervals between ``start`` and ``end``, in minutes from ``start``."""
    return [
        (_minutes(begin - start), _minutes(finish - start))
        for begin, finish, state, _comment in hours.intervals(start, end)
        if state == State.OPEN
    ]


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif start < end:
            merged.append((start, end))
    return merged


def ordinary_week(value: str) -> list[Interval] | None:
    """The open minutes of an ordinary week (no public holiday), or None when the value does
    not repeat every week."""
    hours = OpeningHours(value)  # without a country: no day is a public holiday
    week = datetime.timedelta(days=7)
    first = _open_between(hours, REFERENCE_MONDAY, REFERENCE_MONDAY + week)
    for number in range(1, WEEKS_CHECKED):
        start = REFERENCE_MONDAY + number * week
        if _open_between(hours, start, start + week) != first:
            return None
    return first


def holiday_week(value: str) -> list[Interval]:
    """The open minutes of each weekday when it is a public holiday, Monday at 0."""
    hours = parse(value)
    intervals: list[Interval] = []
    for weekday, holiday in enumerate(HOLIDAY_ON_WEEKDAY):
        day = _open_between(hours, holiday, holiday + datetime.timedelta(days=1))
        intervals.extend((weekday * DAY + start, weekday * DAY + end) for start, end in day)
    return _merge(intervals)


def weekly_schedule(value: str) -> list[Interval] | None:
    """The schedule of ``value`` (the ordinary week, then the holidays' shifted by ``WEEK``);
    ``[]`` for no value, None for a value that does not repeat every week (or is invalid)."""
    if not value:
        return []
    try:
        ordinary = ordinary_week(value)
    except (ValueError, RuntimeError):
        return None
    if ordinary is None:
        return None
    holidays = holiday_week(value) if "PH" in value else ordinary
    return _merge(ordinary) + [(WEEK + start, WEEK + end) for start, end in _merge(holidays)]


def is_public_holiday(day: datetime.date) -> bool:
    """Whether ``day`` is a public holiday in France (the library's calendar)."""
    noon = datetime.datetime(day.year, day.month, day.day, 12)
    return parse("PH").is_open(noon)


def moment_offset(local: datetime.datetime) -> int:
    """The number a schedule is tested with at the wall-clock time ``local``."""
    offset = local.weekday() * DAY + local.hour * 60 + local.minute
    return offset + WEEK if is_public_holiday(local.date()) else offset
