"""An initiative as the CSV and JSON exports write it: one record per published entry, its
fields named after the data·inclusion schema of structures where it has a name for them
(``nom``, ``siret``, ``code_insee``…), our own otherwise. ``FIELDS`` documents each one for the
Open data page; ``records()`` builds them from ``InitiativeQuerySet.export_rows()``.

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
from django.utils.translation import gettext_noop

from ..models import Category, Departement, LegalForm, RelationKind
from ..models.entries import entry_categories
from .join_records import join_record, join_record_fields
from .record_fields import DATE, INTEGER, NUMBER, TEXT, TEXTS, Field

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


FIELDS = (
    Field(
        "identifiant",
        TEXT,
        gettext_noop("L'identifiant stable de la fiche, celui de son adresse."),
        "la-peche",
    ),
    Field("nom", TEXT, gettext_noop("Le nom de l'initiative."), "La Pêche", data_inclusion=True),
    Field(
        "url",
        TEXT,
        gettext_noop("L'adresse de sa fiche dans l'annuaire."),
        "https://…/initiatives/la-peche/",
    ),
    Field(
        "autres_noms",
        TEXTS,
        gettext_noop("Les autres noms sous lesquels elle est connue (ancien nom, sigle)."),
        "L'ARRONDI",
    ),
    Field(
        "presentation_resume",
        TEXT,
        gettext_noop("Son résumé, en une ou deux phrases."),
        "Monnaie locale de Montreuil…",
        data_inclusion=True,
    ),
    Field(
        "presentation_detail",
        TEXT,
        gettext_noop("Sa description ; une ligne vide sépare deux paragraphes."),
        "La Pêche est la monnaie locale…",
        data_inclusion=True,
    ),
    Field(
        "presentation_facile_a_lire",
        TEXT,
        gettext_noop(
            "Son résumé facile à lire et à comprendre (FALC), quand l'équipe en a écrit un."
        ),
        "La Pêche est une monnaie. On l'utilise à Montreuil.",
    ),
    Field(
        "typologie",
        TEXT,
        gettext_noop(
            "La typologie de structure de data·inclusion que sa forme juridique donne : ASSO "
            "pour une association, ESS pour une SCOP, une SCIC, une coopérative, une mutuelle, "
            "une fondation ou une entreprise de l'ESS, Autre sinon ; vide si la forme n'est pas "
            "connue."
        ),
        "ASSO",
        data_inclusion=True,
    ),
    Field(
        "forme_juridique",
        TEXT,
        gettext_noop("Sa forme juridique, comme le paramètre « forme » la nomme."),
        "association",
    ),
    Field(
        "annee_creation",
        INTEGER,
        gettext_noop("Son année de création, quand les sources concordent."),
        "2008",
    ),
    Field(
        "portee",
        TEXT,
        gettext_noop("Sa portée, comme le paramètre « portee » la nomme."),
        "commune",
    ),
    Field(
        "principes",
        TEXTS,
        gettext_noop(
            "Les principes de l'innovation sociale qu'elle applique, comme le paramètre "
            "« principe » les nomme."
        ),
        "partage",
    ),
    Field(
        "categories",
        TEXTS,
        gettext_noop(
            "Ses types d'initiative (ou le domaine sous lequel elle est classée directement), par "
            "leur nom."
        ),
        "Monnaie locale",
    ),
    Field(
        "categories_codes",
        TEXTS,
        gettext_noop("Les mêmes, par leur identifiant (le paramètre « categorie »)."),
        "monnaie-locale",
    ),
    Field(
        "departements",
        TEXTS,
        gettext_noop("Les départements où elle a un lieu, par leur nom."),
        "Seine-Saint-Denis",
    ),
    Field("departements_codes", TEXTS, gettext_noop("Les mêmes, par leur code INSEE."), "93"),
    Field(
        "communes",
        TEXTS,
        gettext_noop("Les communes de ses lieux, lieu principal d'abord, par leur nom."),
        "Montreuil",
    ),
    Field("codes_insee", TEXTS, gettext_noop("Les mêmes, par leur code INSEE."), "93048"),
    Field(
        "adresse",
        TEXT,
        gettext_noop("L'adresse de son lieu principal (sans code postal ni commune)."),
        "84 quai de Jemmapes",
        data_inclusion=True,
    ),
    Field(
        "code_postal",
        TEXT,
        gettext_noop(
            "Le code postal de son lieu principal ; à défaut, celui de sa commune quand elle "
            "n'en a qu'un."
        ),
        "93100",
        data_inclusion=True,
    ),
    Field(
        "commune",
        TEXT,
        gettext_noop("La commune de son lieu principal."),
        "Montreuil",
        data_inclusion=True,
    ),
    Field(
        "code_insee",
        TEXT,
        gettext_noop("Le code INSEE de cette commune."),
        "93048",
        data_inclusion=True,
    ),
    Field(
        "longitude",
        NUMBER,
        gettext_noop(
            "La longitude de son lieu principal (WGS 84, en degrés décimaux, point décimal) ; vide "
            "quand le lieu n'a pas de coordonnées propres."
        ),
        "2.4432",
        data_inclusion=True,
    ),
    Field(
        "latitude", NUMBER, gettext_noop("Sa latitude, de même."), "48.8611", data_inclusion=True
    ),
    Field(
        "horaires_accueil",
        TEXT,
        gettext_noop(
            "Les horaires d'accueil de son lieu principal, au format OpenStreetMap "
            "(opening_hours), heure de Paris, PH pour les jours fériés ; vide s'ils ne sont pas "
            "connus."
        ),
        "Mo,Th 18:00-20:00; PH off",
        data_inclusion=True,
    ),
    Field(
        "telephone",
        TEXT,
        gettext_noop("Le téléphone public de l'organisation."),
        "01 23 45 67 89",
        data_inclusion=True,
    ),
    Field(
        "courriel",
        TEXT,
        gettext_noop("Le courriel public de l'organisation."),
        "contact@exemple.org",
        data_inclusion=True,
    ),
    Field(
        "site_web",
        TEXT,
        gettext_noop("Son site web."),
        "https://peche-monnaie-locale.fr",
        data_inclusion=True,
    ),
    Field(
        "siret",
        TEXT,
        gettext_noop("Son numéro SIRET (14 chiffres), s'il est connu."),
        "13003013300016",
        data_inclusion=True,
    ),
    Field(
        "rna",
        TEXT,
        gettext_noop("Son numéro au répertoire national des associations (W et 9 caractères)."),
        "W751212517",
        data_inclusion=True,
    ),
    Field(
        "source",
        TEXT,
        gettext_noop("Le producteur de la donnée : l'adresse de l'annuaire."),
        "https://…",
        data_inclusion=True,
    ),
    Field(
        "date_maj",
        DATE,
        gettext_noop("La date de la dernière modification de la fiche (AAAA-MM-JJ)."),
        "2026-11-27",
        data_inclusion=True,
    ),
    Field(
        "verifie_le",
        DATE,
        gettext_noop(
            "La date à laquelle l'équipe a vérifié la fiche pour la dernière fois ; vide si jamais."
        ),
        "2026-12-01",
    ),
    *join_record_fields(),
    Field(
        "membre_de",
        TEXTS,
        gettext_noop(
            "Les réseaux dont elle est membre, par leur identifiant (le paramètre « membre_de »)."
        ),
        "reseau-amap-ile-de-france",
    ),
    Field(
        "accompagne_par",
        TEXTS,
        gettext_noop(
            "Les structures qui l'ont accompagnée (incubateurs), par leur identifiant (le "
            "paramètre « accompagne_par »)."
        ),
        "la-ruche",
    ),
    Field(
        "accepte",
        TEXTS,
        gettext_noop(
            "Les monnaies locales qu'elle accepte, par leur identifiant (le paramètre « accepte »)."
        ),
        "la-peche",
    ),
    Field(
        "partenaire_de",
        TEXTS,
        gettext_noop("Ses partenaires dans l'annuaire, par leur identifiant."),
        "la-ruche",
    ),
)
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
