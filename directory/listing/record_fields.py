"""The fields of the exports' records: each one's name, type, meaning and example, as the
Open data page documents them (``directory.listing.records`` lists them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Field:
    """A field of the records: its name, its type, what it means, an example, and whether
    its name is data·inclusion's."""

    name: str
    type: str
    meaning: str | Promise  # a message id, or a text translated when shown
    example: str
    data_inclusion: bool = False


# Types and meanings are French, marked for the catalogs: the Open data page shows them in its
# language (``{% translate field.meaning %}``).
TEXT, TEXTS = gettext_noop("texte"), gettext_noop("liste de textes")
INTEGER, NUMBER, DATE = gettext_noop("entier"), gettext_noop("nombre"), gettext_noop("date")
