"""The listing's parameters as the machine endpoints and the Open data page describe them:
what each means and accepts, with an example, and what a request that gives one an invalid
value is told.

The HTML listing shows an invalid value in its form and ignores it; a machine endpoint (the
exports) answers ``400`` with ``refused_parameters()`` as its body's ``erreurs`` rather than
data that the caller did not ask for. Unknown parameters are ignored everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_noop

from ..models import YEAR_FOUNDED_RANGE, LegalForm, Principle, Scope
from ..search.query import MAX_QUERY_LENGTH
from .filters import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, InitiativeFilter
from .joining import JOIN_FILTER_CHOICES
from .sorting import Sort

# A refused value is repeated at most this long in the error body.
REFUSED_VALUE_MAX_LENGTH = 200


@dataclass(frozen=True)
class Parameter:
    """A parameter of the listing and its exports: its name, what it does, an example."""

    name: str
    meaning: str
    example: str
    repeatable: bool = False


PARAMETERS = (
    Parameter(
        "q",
        gettext_noop(
            "Recherche en français dans le nom, le résumé, les catégories, les communes et la "
            "description : accents, majuscules et pluriels ignorés ; « expression exacte », "
            "-mot pour exclure, or entre deux mots."
        ),
        "jardin partagé",
    ),
    Parameter(
        "categorie",
        gettext_noop("Un domaine (ses types compris) ou un type d'initiative."),
        "amap",
        repeatable=True,
    ),
    Parameter(
        "departement",
        gettext_noop("Un département où l'initiative a au moins un lieu."),
        "93",
        repeatable=True,
    ),
    Parameter(
        "commune",
        gettext_noop(
            "Une commune où l'initiative a au moins un lieu ; Paris comprend ses arrondissements."
        ),
        "93048",
    ),
    Parameter(
        "autour",
        gettext_noop(
            "Les initiatives qui ont un lieu à moins de « rayon » km de cette commune ou de cette "
            "position."
        ),
        "48.8634,2.4485",
    ),
    Parameter("rayon", gettext_noop("Le rayon autour de « autour », en kilomètres."), "5"),
    Parameter("forme", gettext_noop("La forme juridique."), "association", repeatable=True),
    Parameter(
        "principe",
        gettext_noop("Un principe de l'innovation sociale que l'initiative applique."),
        "partage",
        repeatable=True,
    ),
    Parameter("portee", gettext_noop("La portée de l'initiative."), "quartier", repeatable=True),
    Parameter("creation_min", gettext_noop("Créée cette année-là ou après."), "2000"),
    Parameter("creation_max", gettext_noop("Créée cette année-là ou avant."), "2015"),
    Parameter(
        "membre_de",
        gettext_noop("Les membres de ce réseau (son identifiant dans l'annuaire)."),
        "reseau-amap-ile-de-france",
        repeatable=True,
    ),
    Parameter(
        "accompagne_par",
        gettext_noop("Les initiatives que cette structure (un incubateur) a accompagnées."),
        "la-ruche",
        repeatable=True,
    ),
    Parameter(
        "accepte",
        gettext_noop("Les initiatives qui acceptent cette monnaie locale."),
        "la-peche",
        repeatable=True,
    ),
    Parameter(
        "verifie",
        gettext_noop("« 1 » : les fiches vérifiées par l'équipe depuis moins d'un an."),
        "1",
    ),
    Parameter(
        "ouvert",
        gettext_noop(
            "« maintenant » : les initiatives dont un lieu est ouvert au moment de la requête "
            "(horaires_accueil, heure de Paris, jours fériés compris)."
        ),
        "maintenant",
    ),
    Parameter(
        "distribution", gettext_noop("Un jour de distribution (AMAP)."), "mardi", repeatable=True
    ),
    Parameter(
        "age",
        gettext_noop("Accueille les enfants de cet âge, en années (crèches)."),
        "2",
        repeatable=True,
    ),
    Parameter(
        "disponibilite",
        gettext_noop(
            "Une disponibilité constatée depuis moins d'un an (une plus ancienne ne compte pas)."
        ),
        "places",
        repeatable=True,
    ),
    Parameter(
        "tri",
        gettext_noop(
            "L'ordre des résultats ; par défaut la pertinence pour une recherche, la distance "
            "autour d'un lieu, sinon le nom."
        ),
        "recent",
    ),
)


def _values(choices: Sequence[tuple[str, Any]]) -> str:
    return ", ".join(value for value, _label in choices)


def accepted_forms(filterset: InitiativeFilter) -> dict[str, str]:
    """What each parameter accepts, in the current language (French at the machine
    endpoints' addresses), from the FilterSet's own reference lists."""
    years = gettext("une année, de %(first)s à %(last)s") % {
        "first": YEAR_FOUNDED_RANGE[0],
        "last": YEAR_FOUNDED_RANGE[1],
    }
    commune = gettext(
        "le code INSEE (93048), un code postal (93100), le nom (Montreuil) ou "
        "l'identifiant (montreuil) d'une commune d'Île-de-France"
    )
    repeatable = gettext("%(values)s, répétable")
    return {
        "q": gettext("un texte ; au-delà de %(length)s caractères, il est coupé")
        % {"length": MAX_QUERY_LENGTH},
        "categorie": gettext("l'identifiant d'une catégorie (%(slugs)s), répétable")
        % {"slugs": ", ".join(category.slug for category in filterset.categories)},
        "departement": gettext("code INSEE (%(codes)s) ou identifiant (%(slugs)s), répétable")
        % {
            "codes": ", ".join(d.code for d in filterset.departements),
            "slugs": ", ".join(d.slug for d in filterset.departements),
        },
        "commune": commune,
        "autour": gettext(
            "%(commune)s, ou une position « latitude,longitude » en Île-de-France (48.8634,2.4485)"
        )
        % {"commune": commune},
        "rayon": gettext("un nombre de kilomètres, de 1 à %(max)s (%(default)s par défaut)")
        % {"max": MAX_RADIUS_KM, "default": DEFAULT_RADIUS_KM},
        "forme": repeatable % {"values": _values(LegalForm.choices)},
        "principe": repeatable % {"values": _values(Principle.choices)},
        "portee": repeatable % {"values": _values(Scope.choices)},
        "creation_min": years,
        "creation_max": years,
        **{
            name: repeatable % {"values": _values(choices)}
            for name, (_label, choices) in JOIN_FILTER_CHOICES.items()
        },
        # (Not listed here: those of the listing's facet, which only an export reads.)
        "membre_de": gettext(
            "l'identifiant d'un réseau de l'annuaire dont des initiatives publiées sont "
            "membres, répétable"
        ),
        "accompagne_par": gettext(
            "l'identifiant d'une structure de l'annuaire qui a accompagné des initiatives "
            "publiées, répétable"
        ),
        "accepte": gettext(
            "l'identifiant d'une monnaie locale de l'annuaire acceptée par des initiatives "
            "publiées, répétable"
        ),
        "verifie": "1",
        "ouvert": "maintenant",
        "tri": _values(Sort.CHOICES),
    }


def refused_parameters(filterset: InitiativeFilter) -> dict[str, dict[str, str]]:
    """For each parameter whose value the FilterSet refuses, in the form's order:
    ``{"valeur": what was sent, "attendu": what it accepts, "message": why it was refused}``.
    Empty when every value is valid.

    ``valeur`` is a string: the value sent or, for a repeated parameter, the first one
    refused; cut to ``REFUSED_VALUE_MAX_LENGTH`` characters."""
    if not filterset.is_bound or filterset.form.is_valid():
        return {}
    accepted = accepted_forms(filterset)
    form = filterset.form
    refused = {}
    for name, errors in form.errors.as_data().items():
        params = errors[0].params or {}
        if isinstance(form.fields[name], forms.MultipleChoiceField) and "value" in params:
            value = str(params["value"])
        else:
            value = str(form.data.get(name) or "")
        refused[name] = {
            "valeur": value[:REFUSED_VALUE_MAX_LENGTH],
            "attendu": accepted[name],
            "message": str(form.errors[name][0]),
        }
    return refused
