"""An initiative as the CSV and JSON exports write it: one record per published entry, its
fields named after the data·inclusion schema of structures where it has a name for them
(``nom``, ``siret``, ``code_insee``…), our own otherwise. ``FIELDS``
(``directory.listing.record_schema``) documents each one for the Open data page; ``records()``
builds them from ``InitiativeQuerySet.export_rows()``.

A record's values are text, numbers, lists of text or None (an empty text is None): the JSON
export writes them as they are, the CSV export joins lists with « ; » and leaves None empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Any
from urllib.parse import quote

from django.utils import timezone

from ..models import Category, Departement, LegalForm, RelationKind
from ..models.entries import entry_categories
from .join_records import join_record
from .record_schema import FIELDS

# data·inclusion's typology of structures for each legal form: ``ASSO`` for associations,
# ``ESS`` for the other legal families of the social economy (loi 2014-856, art. 1:
# cooperatives, SCOP and SCIC included, mutuals, foundations, ESS companies), ``Autre`` else.
TYPOLOGIE = {
    LegalForm.ASSOCIATION: "ASSO",
    LegalForm.SCOP: "ESS",
    LegalForm.SCIC: "ESS",
    LegalForm.COOPERATIVE: "ESS",
    LegalForm.MUTUELLE: "ESS",
    LegalForm.FONDATION: "ESS",
    LegalForm.ENTREPRISE_ESS: "ESS",
    LegalForm.ENTREPRISE: "Autre",
    LegalForm.COLLECTIVITE: "Autre",
    LegalForm.COLLECTIF: "Autre",
}


# The fields that list an entry's relations, by kind (``RelationKind``'s values).
RELATION_FIELDS = tuple(RelationKind.values)
FIELD_NAMES = tuple(field.name for field in FIELDS)


@dataclass(frozen=True)
class RecordContext:
    """What records need besides their rows: the categories and départements already loaded,
    the URL of a fiche around its slug, the producer (``source``) and the relations."""

    categories: Iterable[Category]
    departements: Iterable[Departement]
    url_prefix: str
    url_suffix: str
    source: str
    # Reads each entry's related entries' slugs by kind, by id (``RelationQuerySet.slugs_of``):
    # called once the first record is asked for (a HEAD request reads nothing).
    related: Callable[[], dict[int, dict[str, list[str]]]] = dict


def records(rows: Iterable[Any], context: RecordContext) -> Iterator[dict[str, Any]]:
    """The record of each entry of ``rows`` (``export_rows()``, an entry's rows in a run),
    as the rows come: nothing is read ahead of the entry being written, and the rows'
    iterator is closed with this generator."""
    categories = {category.pk: category for category in context.categories}
    departements = list(context.departements)  # by code
    related = context.related()
    rows = iter(rows)
    try:
        for _pk, places in groupby(rows, key=attrgetter("pk")):
            yield _record(list(places), categories, departements, related, context)
    finally:
        close = getattr(rows, "close", None)  # the database cursor, even half read
        if close is not None:
            close()


def _text(value: str | None) -> str | None:
    return value or None


def _date(value) -> str | None:
    return timezone.localtime(value).date().isoformat() if value is not None else None


def _record(
    places: list[Any],
    categories: dict[int, Category],
    departements: list[Departement],
    related_by_id: dict[int, dict[str, list[str]]],
    context: RecordContext,
) -> dict[str, Any]:
    entry = places[0]
    related = related_by_id.get(entry.pk, {})
    main = entry if entry.locations__id is not None else None
    communes = list(
        dict.fromkeys(
            (place.locations__commune__name, place.locations__commune__insee)
            for place in places
            if place.locations__id is not None
        )
    )
    kinds = entry_categories(entry.category_ids, categories)
    departement_ids = set(entry.departement_ids)
    in_departements = [d for d in departements if d.pk in departement_ids]
    postcode = None
    if main is not None:
        postcode = main.locations__postcode or None
        commune_postcodes = main.locations__commune__postcodes or []
        if postcode is None and len(commune_postcodes) == 1:
            postcode = commune_postcodes[0]
    return {
        "identifiant": entry.slug,
        "nom": entry.name,
        "url": f"{context.url_prefix}{quote(entry.slug)}{context.url_suffix}",
        "autres_noms": list(entry.other_names),
        "presentation_resume": _text(entry.summary),
        "presentation_detail": _text(entry.description),
        "presentation_facile_a_lire": _text(entry.easy_read),
        "typologie": TYPOLOGIE.get(entry.legal_form),
        "forme_juridique": _text(entry.legal_form),
        "annee_creation": entry.year_founded,
        "portee": _text(entry.scope),
        "principes": list(entry.principles),
        "categories": [category.name for category in kinds],
        "categories_codes": [category.slug for category in kinds],
        "departements": [d.name for d in in_departements],
        "departements_codes": [d.code for d in in_departements],
        "communes": [name for name, _insee in communes],
        "codes_insee": [insee for _name, insee in communes],
        "adresse": _text(main.locations__address) if main else None,
        "code_postal": postcode,
        "commune": main.locations__commune__name if main else None,
        "code_insee": main.locations__commune__insee if main else None,
        "longitude": main.locations__longitude if main else None,
        "latitude": main.locations__latitude if main else None,
        "horaires_accueil": _text(main.locations__opening_hours) if main else None,
        "telephone": _text(entry.phone),
        "courriel": _text(entry.email),
        "site_web": _text(entry.website),
        "siret": _text(entry.siret),
        "rna": _text(entry.rna),
        "source": context.source,
        "date_maj": _date(entry.updated_at),
        "verifie_le": _date(entry.verified_at),
        **join_record(entry),
        **{name: list(related.get(name, ())) for name in RELATION_FIELDS},
    }
