"""GoGoCarto's JSON export (a map's ``/api/elements.json``, what Transiscope gathers): an
object whose ``data`` is the list of elements, or that list itself.

Only the element fields below are read, the others ignored; a map's categories are its own
names, matched to our kinds by ``CATEGORIES`` (the README's table) or by a kind's exact name.
"""

from __future__ import annotations

from typing import Any

from ...db.text import normalize
from .rows import ImportRow, UnreadableFile, identifier, load_json, number, summary_from, text

FIELDS = {
    "name": "name",
    "description": "description",
    "website": "website",
    "email": "email",
    "telephone": "phone",
}

# A GoGoCarto category (accents and case ignored) → our kind's slug.
CATEGORIES = {
    "amap": "amap",
    "monnaie locale": "monnaie-locale",
    "monnaie locale complementaire": "monnaie-locale",
    "sel": "sel",
    "systeme d'echange local": "sel",
    "repair cafe": "repair-cafe",
    "ressourcerie": "reinsertion-recyclage",
    "recyclerie": "reinsertion-recyclage",
    "garage solidaire": "garage-solidaire",
    "atelier velo": "atelier-velo",
    "supermarche cooperatif": "supermarche-cooperatif",
    "epicerie cooperative": "supermarche-cooperatif",
    "creche parentale": "creche-parentale",
    "jardin d'insertion": "jardin-insertion",
    "logiciel libre": "logiciel-libre",
    "incubateur": "incubateur",
}


def read(content: bytes, file_name: str, kind_names: dict[str, str]) -> list[ImportRow]:
    """The elements of a GoGoCarto export; ``kind_names`` maps our kinds' normalised names
    to their slugs (a category named exactly as one of our kinds needs no table row)."""
    data = load_json(content)
    if isinstance(data, dict):
        data = data.get("data")
    if not isinstance(data, list):
        raise UnreadableFile(
            "Export GoGoCarto attendu : un objet dont « data » est la liste des éléments, "
            "ou cette liste."
        )
    return [element(position, record, kind_names) for position, record in enumerate(data, 1)]


def element(position: int, record: Any, kind_names: dict[str, str]) -> ImportRow:
    row = ImportRow(number=position)
    if not isinstance(record, dict):
        row.errors.append("Cette ligne n'est pas un élément (un objet JSON).")
        return row
    identifier(record.get("id"), row, "élément")
    for theirs, ours in FIELDS.items():
        value = text(record.get(theirs))
        if value:
            row.values[ours] = value
    if "name" not in row.values:
        row.errors.append("« name » manquant.")
    if row.values.get("description"):
        row.values["summary"] = summary_from(row.values["description"])
    else:
        row.errors.append("« description » manquante : la fiche a besoin d'un résumé.")
    _categories(record.get("categories"), row, kind_names)
    address = record.get("address")
    if not isinstance(address, dict):
        address = {}
    row.address = text(address.get("streetAddress"))
    row.postcode = text(address.get("postalCode"))
    row.commune = text(address.get("addressLocality"))
    geo = record.get("geo")
    if not isinstance(geo, dict):
        geo = {}
    row.latitude = number(geo.get("latitude"), "latitude", row)
    row.longitude = number(geo.get("longitude"), "longitude", row)
    return row


def _categories(value: Any, row: ImportRow, kind_names: dict[str, str]) -> None:
    names = value if isinstance(value, list) else [value] if value else []
    for name in (text(item) for item in names):
        if not name:
            continue
        key = normalize(name)
        slug = CATEGORIES.get(key) or kind_names.get(key)
        if slug is None:
            row.warnings.append(f"Catégorie « {name[:60]} » sans correspondance : ignorée.")
        elif slug not in row.category_slugs:
            row.category_slugs.append(slug)
