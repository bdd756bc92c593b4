"""Communes as the generator places entries in them, with their names in French constructions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from directory.synthetic.french import a, de


@dataclass(frozen=True)
class Place:
    """A commune as the generator needs it, with its name in French constructions."""

    pk: int
    departement_id: int
    postcodes: tuple[str, ...]
    latitude: float | None
    longitude: float | None
    name: str
    de_name: str
    a_name: str


def french_forms(name: str, kind: str) -> tuple[str, str, str]:
    """``(name, "de <name>", "à <name>")`` with French contractions and elisions:
    "du Blanc-Mesnil", "aux Lilas", "d'Ivry-sur-Seine", "du 10e" for an arrondissement."""
    if kind == "arrondissement":
        match = re.search(r"(\d+)(er|e)\b", name)
        if match:
            ordinal = match.group(1) + match.group(2)
            return f"Paris {ordinal}", f"du {ordinal}", f"dans le {ordinal} arrondissement"
    return name, de(name), a(name)
