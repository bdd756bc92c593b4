"""The time that opening states are computed for: now, in Europe/Paris, as a naive local
datetime (opening hours are wall-clock times). Tests replace ``now``.

What a response shows of open states holds until the next change of one of them: whatever
computes one records that moment (``shown_until``), and the page cache, which ``tracks()``
the rendering of a page, stores the page until then (``directory.public.caching``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.utils import timezone

PARIS = ZoneInfo("Europe/Paris")


def now() -> datetime.datetime:
    """The current instant (aware)."""
    return timezone.now()


def local(moment: datetime.datetime | None = None) -> datetime.datetime:
    """``moment`` (default: now) as a naive wall-clock time in Paris."""
    moment = now() if moment is None else moment
    if timezone.is_aware(moment):
        moment = moment.astimezone(PARIS)
    return moment.replace(tzinfo=None, second=0, microsecond=0)


class Validity:
    """The earliest next change of an open state shown by the response being rendered."""

    def __init__(self) -> None:
        self.until: datetime.datetime | None = None


_validity: ContextVar[Validity | None] = ContextVar("directory_hours_validity", default=None)


@contextmanager
def tracks() -> Iterator[Validity]:
    """Within this block, what ``shown_until`` records goes to the ``Validity`` yielded."""
    validity = Validity()
    token = _validity.set(validity)
    try:
        yield validity
    finally:
        _validity.reset(token)


def shown_until(change: datetime.datetime | None) -> None:
    """Record that an open state shown now changes at ``change`` (a local time)."""
    validity = _validity.get()
    if validity is None or change is None:
        return
    if validity.until is None or change < validity.until:
        validity.until = change
