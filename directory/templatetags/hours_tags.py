"""Opening hours on the public pages: a place's hours as a sentence with its state now, and a
card's state (any of its places open). Each state shown is recorded as holding until its next
change, for the page cache (``directory.hours.clock``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django import template

from ..hours import clock
from ..hours.state import next_change, open_state
from ..hours.text import describe, status_text, today_text

register = template.Library()


def _state(values: Iterable[str]) -> dict | None:
    values = [value for value in values if value]
    if not values:  # most places and cards: no clock to read
        return None
    local = clock.local()
    state = open_state(values, local)
    if state is None:
        return None
    changes = [next_change(value, local) for value in values]
    midnight = local.replace(hour=0, minute=0) + datetime.timedelta(days=1)
    clock.shown_until(min([change for change in changes if change] + [midnight]))
    return {"is_open": state.is_open, "status": status_text(state), "today": today_text(state)}


@register.simple_tag
def place_hours(place) -> dict | None:
    """``{"text", "value", "is_open", "status", "today"}`` for a place with valid hours: the
    sentence (None when they depend on the date: the value is shown as written)."""
    state = _state([place.opening_hours])
    if state is None:
        return None
    return {**state, "text": describe(place.opening_hours), "value": place.opening_hours}


@register.simple_tag
def card_hours(initiative) -> dict | None:
    """A result card's state, from the hours its listing loaded (``opening_hours_values``)."""
    return _state(getattr(initiative, "opening_hours_values", None) or ())
