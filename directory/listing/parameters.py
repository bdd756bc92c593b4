"""The listing's parameters as the machine endpoints and the Open data page describe them:
what each means and accepts, with an example, and what a request that gives one an invalid
value is told.

The HTML listing shows an invalid value in its form and ignores it; a machine endpoint (the
exports) answers ``400`` with ``refused_parameters()`` as its body's ``erreurs`` rather than
data that the caller did not ask for. Unknown parameters are ignored everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from ..models import YEAR_FOUNDED_RANGE, LegalForm, Principle, Scope
from ..search.query import MAX_QUERY_LENGTH
from .filters import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, InitiativeFilter
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
        "Recherche en français dans le nom, le résumé, les catégories, les communes et la "
        "description : accents, majuscules et pluriels ignorés ; « expression exacte », "
        "-mot pour exclure, or entre deux mots.",
        "jardin partagé",
    ),
    Parameter(
        "categorie",
        "Un domaine (ses types compris) ou un type d'initiative.",
        "amap",
        repeatable=True,
    ),
    Parameter(
        "departement",
        "Un département où l'initiative a au moins un lieu.",
        "93",
        repeatable=True,
    ),
    Parameter(
        "commune",
        "Une commune où l'initiative a au moins un lieu ; Paris comprend ses arrondissements.",
        "93048",
    ),
    Parameter(
        "autour",
        "Les initiatives qui ont un lieu à moins de « rayon » km de cette commune ou de cette "
        "position.",
        "48.8634,2.4485",
    ),
    Parameter("rayon", "Le rayon autour de « autour », en kilomètres.", "5"),
    Parameter("forme", "La forme juridique.", "association", repeatable=True),
    Parameter(
        "principe",
        "Un principe de l'innovation sociale que l'initiative applique.",
        "partage",
        repeatable=True,
    ),
    Parameter("portee", "La portée de l'initiative.", "quartier", repeatable=True),
    Parameter("creation_min", "Créée cette année-là ou après.", "2000"),
    Parameter("creation_max", "Créée cette année-là ou avant.", "2015"),
    Parameter(
        "membre_de",
        "Les membres de ce réseau (son identifiant dans l'annuaire).",
        "reseau-amap-ile-de-france",
        repeatable=True,
    ),
    Parameter(
        "accompagne_par",
        "Les initiatives que cette structure (un incubateur) a accompagnées.",
        "la-ruche",
        repeatable=True,
    ),
    Parameter(
        "accepte",
        "Les initiatives qui acceptent cette monnaie locale.",
        "la-peche",
        repeatable=True,
    ),
    Parameter("verifie", "« 1 » : les fiches vérifiées par l'équipe depuis moins d'un an.", "1"),
    Parameter(
        "tri",
        "L'ordre des résultats ; par défaut la pertinence pour une recherche, la distance "
        "autour d'un lieu, sinon le nom.",
        "recent",
    ),
)


def _values(choices: list[tuple[str, str]]) -> str:
    return ", ".join(value for value, _label in choices)


def accepted_forms(filterset: InitiativeFilter) -> dict[str, str]:
    """What each parameter accepts, in French, from the FilterSet's own reference lists."""
    years = f"une année, de {YEAR_FOUNDED_RANGE[0]} à {YEAR_FOUNDED_RANGE[1]}"
    commune = (
        "le code INSEE (93048), un code postal (93100), le nom (Montreuil) ou "
        "l'identifiant (montreuil) d'une commune d'Île-de-France"
    )
    return {
        "q": f"un texte ; au-delà de {MAX_QUERY_LENGTH} caractères, il est coupé",
        "categorie": "l'identifiant d'une catégorie ("
        + ", ".join(category.slug for category in filterset.categories)
        + "), répétable",
        "departement": "code INSEE ("
        + ", ".join(d.code for d in filterset.departements)
        + ") ou identifiant ("
        + ", ".join(d.slug for d in filterset.departements)
        + "), répétable",
        "commune": commune,
        "autour": f"{commune}, ou une position « latitude,longitude » en Île-de-France "
        "(48.8634,2.4485)",
        "rayon": f"un nombre de kilomètres, de 1 à {MAX_RADIUS_KM} ({DEFAULT_RADIUS_KM} "
        "par défaut)",
        "forme": f"{_values(LegalForm.choices)}, répétable",
        "principe": f"{_values(Principle.choices)}, répétable",
        "portee": f"{_values(Scope.choices)}, répétable",
        "creation_min": years,
        "creation_max": years,
        # (Not listed here: those of the listing's facet, which only an export reads.)
        "membre_de": "l'identifiant d'un réseau de l'annuaire dont des initiatives publiées "
        "sont membres, répétable",
        "accompagne_par": "l'identifiant d'une structure de l'annuaire qui a accompagné des "
        "initiatives publiées, répétable",
        "accepte": "l'identifiant d'une monnaie locale de l'annuaire acceptée par des "
        "initiatives publiées, répétable",
        "verifie": "1",
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
