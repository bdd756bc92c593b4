"""Parsing and validating an ``opening_hours`` value, with France's public holidays (``PH``)."""

from __future__ import annotations

from functools import lru_cache

import opening_hours
from django.core.exceptions import ValidationError
from opening_hours import OpeningHours

MAX_LENGTH = 255
COUNTRY = "FR"
# What the library raises for a value it cannot read (missing from its type stubs).
ParserError: type[Exception] = opening_hours.ParserError  # type: ignore[attr-defined]


@lru_cache(maxsize=4096)
def parse(value: str) -> OpeningHours:
    """The parsed expression, with France's public holidays; raises ``ParserError``."""
    return OpeningHours(value, country=COUNTRY)


def is_valid(value: str) -> bool:
    try:
        parse(value)
    except (ParserError, ValueError):
        return False
    return True


def validate_opening_hours(value: str) -> None:
    """A curator's value: valid OpenStreetMap syntax, else a French message saying how to write
    it."""
    if not value:
        return
    if len(value) > MAX_LENGTH or not is_valid(value):
        raise ValidationError(
            "Ces horaires ne sont pas dans le format OpenStreetMap : écrivez par exemple "
            "« Mo,Th 18:00-20:00 » (lundi et jeudi, de 18 h à 20 h) ou "
            "« Mo-Fr 09:00-12:00,14:00-17:00; PH off » (fermé les jours fériés).",
            code="opening_hours",
        )
