"""data·inclusion structures (schema.data.gouv.fr, « gip-inclusion/data-inclusion-schema »),
as JSON (a list of structures, or an object whose ``structures`` is one) or CSV (one
structure a line, the schema's field names as header).

Only the schema's published field names below are read; the others are ignored. The mapping
is the README's (« Importer depuis data·inclusion et GoGoCarto »).
"""

from __future__ import annotations

from typing import Any

from ...models import LegalForm
from .rows import (
    ImportRow,
    UnreadableFile,
    identifier,
    load_csv,
    load_json,
    number,
    summary_from,
    text,
)

# data·inclusion field → our field (the entry's own).
FIELDS = {
    "nom": "name",
    "presentation_resume": "summary",
    "presentation_detail": "description",
    "siret": "siret",
    "rna": "rna",
    "site_web": "website",
    "courriel": "email",
    "telephone": "phone",
}

# ``typologie`` (the structure's type) → (our legal form, our kind's slug); "" for none.
TYPOLOGIES: dict[str, tuple[str, str]] = {
    "ASSO": (LegalForm.ASSOCIATION, ""),
    "ESS": (LegalForm.ENTREPRISE_ESS, ""),
    "RESSOURCERIE": ("", "reinsertion-recyclage"),
    "MUNI": (LegalForm.COLLECTIVITE, ""),
    "CCAS": (LegalForm.COLLECTIVITE, ""),
    "CIAS": (LegalForm.COLLECTIVITE, ""),
    "EPCI": (LegalForm.COLLECTIVITE, ""),
    "DEPT": (LegalForm.COLLECTIVITE, ""),
    "REG": (LegalForm.COLLECTIVITE, ""),
}


def read(content: bytes, file_name: str) -> list[ImportRow]:
    """The structures of a data·inclusion file, JSON or CSV (by its name, else its content)."""
    if file_name.lower().endswith(".csv"):
        records: list[Any] = load_csv(content)
    else:
        data = load_json(content)
        if isinstance(data, dict):
            data = data.get("structures")
        if not isinstance(data, list):
            raise UnreadableFile(
                "Fichier data·inclusion attendu : une liste de structures, ou un objet dont "
                "« structures » est cette liste."
            )
        records = data
    return [structure(number, record) for number, record in enumerate(records, start=1)]


def structure(position: int, record: Any) -> ImportRow:
    row = ImportRow(number=position)
    if not isinstance(record, dict):
        row.errors.append("Cette ligne n'est pas une structure (un objet JSON).")
        return row
    identifier(record.get("id"), row, "structure")
    for theirs, ours in FIELDS.items():
        value = text(record.get(theirs))
        if value:
            row.values[ours] = value.replace(" ", "") if ours in ("siret", "rna") else value
    if "name" not in row.values:
        row.errors.append("« nom » manquant.")
    if "summary" not in row.values and row.values.get("description"):
        row.values["summary"] = summary_from(row.values["description"])
        row.warnings.append("Pas de « presentation_resume » : le résumé est le début du détail.")
    elif "summary" not in row.values:
        row.errors.append("« presentation_resume » manquant (le résumé de la fiche).")
    _typology(text(record.get("typologie")), row)
    row.commune = text(record.get("code_insee")) or text(record.get("commune"))
    row.address = text(record.get("adresse"))
    row.postcode = text(record.get("code_postal"))
    row.latitude = number(record.get("latitude"), "latitude", row)
    row.longitude = number(record.get("longitude"), "longitude", row)
    return row


def _typology(value: str, row: ImportRow) -> None:
    if not value:
        return
    if value.upper() not in TYPOLOGIES:
        row.warnings.append(
            f"Typologie « {value[:40]} » sans correspondance : choisissez le type à la main."
        )
        return
    legal_form, kind = TYPOLOGIES[value.upper()]
    if legal_form:
        row.values["legal_form"] = str(legal_form)
    if kind:
        row.category_slugs.append(kind)
