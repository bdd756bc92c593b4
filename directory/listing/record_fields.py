"""The fields of the exports' records: each one's name, type, meaning and example, as the
Open data page documents them (``directory.listing.records`` lists them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """A field of the records: its name, its type, what it means, an example, and whether
    its name is data·inclusion's."""

    name: str
    type: str
    meaning: str
    example: str
    data_inclusion: bool = False


TEXT, TEXTS, INTEGER, NUMBER, DATE = "texte", "liste de textes", "entier", "nombre", "date"
