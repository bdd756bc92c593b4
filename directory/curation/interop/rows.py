"""A file's rows in our fields, as each format's reader gives them."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import Truncator

from ...models import Initiative

# An uploaded file is read whole: larger ones are refused.
MAX_FILE_BYTES = 2 * 1024 * 1024
SUMMARY_LENGTH = Initiative._meta.get_field("summary").max_length or 300
IDENTIFIER_LENGTH = 200


class UnreadableFile(ValueError):
    """A file that is not in the format chosen: its French message says why."""


@dataclass
class ImportRow:
    """One entry of a file: its number (from 1), its identifier in the file, the values of
    our fields it gives (only those it gives), its place, and what went wrong. A service
    (data·inclusion) gives none of the entry's own values: its ``label`` is its own name,
    ``structure_id`` its structure's identifier, ``opening_hours`` its ``horaires_accueil``."""

    number: int
    external_id: str = ""
    label: str = ""
    structure_id: str = ""
    opening_hours: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    category_slugs: list[str] = field(default_factory=list)
    commune: str = ""
    address: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.values.get("name", self.label)

    @property
    def has_place(self) -> bool:
        return bool(self.commune)


def text(value: Any) -> str:
    """A value of the file as stripped text (numbers too: a SIRET may come as one)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dict, list)):
        return ""
    # No PostgreSQL text holds a NUL.
    return str(value).replace("\x00", "").strip()


def number(value: Any, label: str, row: ImportRow) -> float | None:
    """A coordinate, or None (with an error on the row when it is not a number)."""
    raw = text(value).replace(",", ".")
    if not raw:
        return None
    try:
        coordinate = float(raw)
    except ValueError:
        coordinate = math.nan
    if not math.isfinite(coordinate):
        row.errors.append(f"{label} « {raw[:40]} » n'est pas un nombre.")
        return None
    return coordinate


def identifier(value: Any, row: ImportRow, kind: str) -> None:
    """The row's stable identifier in its file (``id``), required and at most 200 characters."""
    row.external_id = text(value)
    if not row.external_id:
        row.errors.append(f"« id » manquant : chaque {kind} a un identifiant stable.")
    elif len(row.external_id) > IDENTIFIER_LENGTH:
        row.errors.append(f"« id » trop long : {IDENTIFIER_LENGTH} caractères au plus.")
        row.external_id = row.external_id[:IDENTIFIER_LENGTH]


def summary_from(description: str) -> str:
    """A summary cut from a long description, at a word, within the field's length."""
    return Truncator(" ".join(description.split())).chars(SUMMARY_LENGTH)


def decode(content: bytes) -> str:
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"Fichier trop volumineux : {MAX_FILE_BYTES // (1024 * 1024)} Mo au plus."
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            "Fichier illisible : enregistrez-le en UTF-8 puis importez-le de nouveau."
        ) from None


def load_json(content: bytes) -> Any:
    try:
        return json.loads(decode(content))
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            f"Ce n'est pas du JSON valide (ligne {error.lineno}, colonne {error.colno})."
        ) from None
    except RecursionError:
        raise UnreadableFile("Ce JSON est imbriqué trop profondément pour être lu.") from None


def load_csv(content: bytes) -> list[dict[str, str]]:
    """Rows of a CSV file by its header, separated by commas or semicolons."""
    data = decode(content)
    first_line = data.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(csv.DictReader(io.StringIO(data), delimiter=delimiter))
    except csv.Error as error:
        raise UnreadableFile(f"CSV illisible : {error}.") from None
