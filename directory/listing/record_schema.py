"""The fields of the exports' records, in the order of the CSV's columns: each one's name,
type, meaning and example, as the Open data page documents them; ``records()``
(``directory.listing.records``) writes them."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from .join_records import join_record_fields
from .record_fields import DATE, INTEGER, NUMBER, TEXT, TEXTS, Field

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
