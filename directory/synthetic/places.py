"""Communes as the generator places entries in them, with their names in French constructions."""

from __future__ import annotations

import re
from dataclasses import dataclass


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
    if name.startswith("Le "):
        return name, f"du {name[3:]}", f"au {name[3:]}"
    if name.startswith("Les "):
        return name, f"des {name[4:]}", f"aux {name[4:]}"
    if name[:1] in "AEIOUYÉÈÊÎÔÂ":
        return name, f"d'{name}", f"à {name}"
    return name, f"de {name}", f"à {name}"
