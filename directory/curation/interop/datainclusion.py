"""data·inclusion structures and services (schema.data.gouv.fr,
« gip-inclusion/data-inclusion-schema »), as JSON (a list, or an object whose ``structures``
or ``services`` is one) or CSV (one structure or service a line, the schema's field names as
header).

A service has no model here: it completes the entry of its structure (its kinds, by
``THEMATIQUES``, and its main place's opening hours); ``matching`` finds that entry.

Only the schema's published field names below are read; the others are ignored. The mapping
is the README's (« Importer depuis data·inclusion et GoGoCarto »).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from ...hours.parsing import validate_opening_hours
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


# A service's ``thematiques`` (the schema's referential, its 0.x and 1.x values) → our kind's
# slug. Only the thématiques that name one of our kinds; any other is flagged and ignored.
THEMATIQUES = {
    "creation-activite--definir-son-projet-de-creation-dentreprise": "incubateur",
    "creation-activite--structurer-son-projet-de-creation-dentreprise": "incubateur",
    "creation-activite--developper-son-entreprise": "incubateur",
    "creation-activite--reseautage-pour-createurs-dentreprise": "incubateur",
    "creer-une-entreprise--definir-son-projet-de-creation-dentreprise": "incubateur",
    "creer-une-entreprise--structurer-son-projet-de-creation-dentreprise": "incubateur",
    "creer-une-entreprise--developper-son-entreprise": "incubateur",
    "gestion-financiere--acces-au-micro-credit": "micro-credit",
    "mobilite--entretenir-reparer-son-vehicule": "garage-solidaire",
}


def _records(content: bytes, file_name: str, key: str) -> list[Any]:
    if file_name.lower().endswith(".csv"):
        return load_csv(content)
    data = load_json(content)
    if isinstance(data, dict):
        data = data.get(key)
    if not isinstance(data, list):
        raise UnreadableFile(
            f"Fichier data·inclusion attendu : une liste de {key}, ou un objet dont "
            f"« {key} » est cette liste."
        )
    return data


def read(content: bytes, file_name: str) -> list[ImportRow]:
    """The structures of a data·inclusion file, JSON or CSV (by its name, else its content)."""
    records = _records(content, file_name, "structures")
    return [structure(number, record) for number, record in enumerate(records, start=1)]


def read_services(content: bytes, file_name: str) -> list[ImportRow]:
    """The services of a data·inclusion file, JSON or CSV (by its name, else its content)."""
    records = _records(content, file_name, "services")
    return [service(number, record) for number, record in enumerate(records, start=1)]


def service(position: int, record: Any) -> ImportRow:
    """A service: its identifier, its structure's, its name (shown, not copied: the entry
    is its structure's), the kinds of its thématiques and its opening hours."""
    row = ImportRow(number=position)
    if not isinstance(record, dict):
        row.errors.append("Cette ligne n'est pas un service (un objet JSON).")
        return row
    identifier(record.get("id"), row, "service")
    row.label = text(record.get("nom"))[:200]
    row.structure_id = text(record.get("structure_id"))[:200]
    if not row.structure_id:
        row.errors.append(
            "« structure_id » manquant : le service complète la fiche de sa structure."
        )
    _thematiques(record.get("thematiques"), row)
    row.opening_hours = text(record.get("horaires_accueil"))
    try:
        validate_opening_hours(row.opening_hours)
    except ValidationError as error:
        row.errors.extend(f"horaires d'accueil : {message}" for message in error.messages)
    return row


def _thematiques(value: Any, row: ImportRow) -> None:
    """A list (JSON), or values separated by ``|`` or ``,`` (CSV)."""
    if isinstance(value, list):
        names = [text(item) for item in value]
    else:
        names = text(value).replace("|", ",").split(",")
    for name in (name.strip() for name in names):
        if not name:
            continue
        slug = THEMATIQUES.get(name.lower())
        if slug is None:
            row.warnings.append(f"Thématique « {name[:80]} » sans correspondance : ignorée.")
        elif slug not in row.category_slugs:
            row.category_slugs.append(slug)


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
