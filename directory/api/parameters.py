"""What each query parameter of the API accepts, in one table: the OpenAPI schema documents the
parameters from it (``directory.api.schema``), and an error names what the refused parameter
accepts from it (``directory.api.errors``).

The initiatives' parameters are the listing's own (``InitiativeFilter``, which validates them):
every filter of that FilterSet must be described here, or generating the schema fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django_filters import FilterSet

from ..listing.filters import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, InitiativeFilter
from ..listing.sorting import Sort
from ..models import YEAR_FOUNDED_RANGE, LegalForm, Principle, Scope
from ..models.freshness import Availability
from ..models.joining import AGES, WEEKDAYS
from ..search.query import MAX_QUERY_LENGTH
from .filtersets import CommuneFilter

MAX_PAGE_SIZE = 100
# A cursor is a few sort keys (a name, a date, an id): no real one comes near this length.
MAX_CURSOR_LENGTH = 1000


@dataclass(frozen=True)
class Parameter:
    """A query parameter: what it accepts (in French, for the documentation and the errors),
    its JSON schema, whether it may be repeated, and a value that the tests and the
    documentation use as an example."""

    accepts: str
    schema: dict[str, Any]
    example: Any = None
    repeatable: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _enum(choices: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    return {"type": "string", "enum": [value for value, _ in choices]}


def _labels(choices: list[tuple[str, Any]]) -> str:
    return " ; ".join(f"`{value}` ({label})" for value, label in choices)


def _year(bound: str) -> Parameter:
    return Parameter(
        f"une année, de {YEAR_FOUNDED_RANGE[0]} à {YEAR_FOUNDED_RANGE[1]} : initiatives créées "
        f"{bound} cette année-là (incluse)",
        {"type": "integer", "minimum": YEAR_FOUNDED_RANGE[0], "maximum": YEAR_FOUNDED_RANGE[1]},
        example=1990 if bound == "à partir de" else 2020,
    )


INITIATIVE_PARAMETERS: dict[str, Parameter] = {
    "q": Parameter(
        "une recherche en texte intégral, en français (accents, majuscules et pluriels "
        'ignorés), avec la syntaxe des moteurs de recherche : "phrase exacte", -exclu, or ; '
        f"coupée à {MAX_QUERY_LENGTH} caractères",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        example="jardin",
    ),
    "categorie": Parameter(
        "l'identifiant d'une catégorie (voir /api/v1/categories/) ; un domaine inclut ses "
        "types. Répété, l'une ou l'autre : ?categorie=amap&categorie=monnaie-locale",
        {"type": "string"},
        example="amap",
        repeatable=True,
    ),
    "departement": Parameter(
        "un département, comme la liste du site l'accepte : son identifiant ou son code INSEE "
        "(voir /api/v1/departements/). Répété, l'un ou l'autre",
        {"type": "string"},
        example="seine-saint-denis",
        repeatable=True,
    ),
    "commune": Parameter(
        "une commune d'Île-de-France : identifiant, nom, code postal ou code INSEE ; Paris "
        "inclut ses arrondissements",
        {"type": "string", "maxLength": 100},
        example="montreuil",
    ),
    "autour": Parameter(
        "une commune (comme `commune`) ou une position « latitude,longitude » en Île-de-France "
        "ou à ses abords : initiatives ayant un lieu à moins de `rayon` km",
        {"type": "string", "maxLength": 100},
        example="48.8634,2.4485",
    ),
    "rayon": Parameter(
        f"le rayon de `autour`, en km, de 1 à {MAX_RADIUS_KM} ({DEFAULT_RADIUS_KM} par défaut)",
        {"type": "integer", "minimum": 1, "maximum": MAX_RADIUS_KM, "default": DEFAULT_RADIUS_KM},
        example=5,
    ),
    "forme": Parameter(
        f"une forme juridique. Répété, l'une ou l'autre : {_labels(LegalForm.choices)}",
        _enum(LegalForm.choices),
        example=LegalForm.ASSOCIATION.value,
        repeatable=True,
    ),
    "principe": Parameter(
        "un principe de l'innovation sociale que l'initiative applique. Répété, l'un ou "
        f"l'autre : {_labels(Principle.choices)}",
        _enum(Principle.choices),
        example=Principle.SHARING.value,
        repeatable=True,
    ),
    "portee": Parameter(
        f"une portée. Répété, l'une ou l'autre : {_labels(Scope.choices)}",
        _enum(Scope.choices),
        example=Scope.COMMUNE.value,
        repeatable=True,
    ),
    "creation_min": _year("à partir de"),
    "creation_max": _year("jusqu'à"),
    "distribution": Parameter(
        "un jour de distribution (AMAP). Répété, l'un ou l'autre : "
        + ", ".join(f"`{day}`" for day, _label in WEEKDAYS),
        _enum(WEEKDAYS),
        example="mardi",
        repeatable=True,
    ),
    "age": Parameter(
        "un âge en années, de 0 à 5 : structures qui accueillent les enfants de cet âge "
        "(crèches parentales ; `2` : de 24 à 35 mois). Répété, l'un ou l'autre",
        _enum(AGES),
        example="2",
        repeatable=True,
    ),
    "disponibilite": Parameter(
        "une disponibilité constatée depuis moins que le délai de vérification (un an) ; une "
        f"plus ancienne ne compte pas. Répété, l'une ou l'autre : {_labels(Availability.choices)}",
        _enum(Availability.choices),
        example="places",
        repeatable=True,
    ),
    "membre_de": Parameter(
        "l'identifiant d'un réseau dont des initiatives publiées sont membres : ses membres. "
        "Répété, l'un ou l'autre (les réseaux possibles : la facette `membre_de` de la liste "
        "du site)",
        {"type": "string"},
        example="reseau-amap-ile-de-france",
        repeatable=True,
    ),
    "accompagne_par": Parameter(
        "l'identifiant d'une structure d'accompagnement (un incubateur) : les initiatives "
        "qu'elle a accompagnées. Répété, l'une ou l'autre",
        {"type": "string"},
        example="la-ruche",
        repeatable=True,
    ),
    "accepte": Parameter(
        "l'identifiant d'une monnaie locale : les initiatives qui l'acceptent. Répété, l'une "
        "ou l'autre",
        {"type": "string"},
        example="la-peche",
        repeatable=True,
    ),
    "verifie": Parameter(
        "`1` : seulement les fiches dont l'équipe a confirmé l'exactitude depuis moins d'un an "
        "(voir `verifie_le`)",
        {"type": "string", "enum": ["1"]},
        example="1",
    ),
    "ouvert": Parameter(
        "`maintenant` : seulement les initiatives dont un lieu est ouvert au moment de la "
        "requête, d'après ses `horaires_accueil` (heure de Paris, jours fériés français)",
        {"type": "string", "enum": ["maintenant"]},
        example="maintenant",
    ),
    "tri": Parameter(
        "l'ordre des résultats : `pertinence` (avec `q`, et par défaut avec lui), `nom` (par "
        "défaut sans `q` ni `autour`), `recent` (publiées le plus récemment d'abord), "
        "`anciennete` (créées le plus anciennement d'abord), `distance` (avec `autour`, et par "
        "défaut avec lui)",
        _enum(Sort.CHOICES),
        example=Sort.NAME,
    ),
}

COMMUNE_PARAMETERS: dict[str, Parameter] = {
    "departement": Parameter(
        "un département : son code INSEE (`93`) ou son identifiant (`seine-saint-denis`). "
        "Répété, l'un ou l'autre",
        {"type": "string"},
        example="93",
        repeatable=True,
    ),
    "avec_initiatives": Parameter(
        "`1` : seulement les communes où une initiative publiée a un lieu (Paris compte celles "
        "de ses arrondissements)",
        {"type": "string", "enum": ["1"]},
        example="1",
    ),
}

# Parameters of every list, read by ``directory.api.pagination.KeysetPagination``.
PAGINATION_PARAMETERS: dict[str, Parameter] = {
    "curseur": Parameter(
        "la position dans la liste, telle que le lien `suivant` de la page précédente la donne "
        "(une valeur opaque : ne la construisez pas). Sans lui, la première page",
        {"type": "string", "maxLength": MAX_CURSOR_LENGTH},
    ),
    "taille": Parameter(
        f"le nombre de résultats par page, de 1 à {MAX_PAGE_SIZE} "
        f"({settings.DIRECTORY_PAGE_SIZE} par défaut)",
        {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PAGE_SIZE,
            "default": settings.DIRECTORY_PAGE_SIZE,
        },
        example=50,
    ),
}

BY_FILTERSET: dict[type[FilterSet], dict[str, Parameter]] = {
    InitiativeFilter: INITIATIVE_PARAMETERS,
    CommuneFilter: COMMUNE_PARAMETERS,
}


def filter_parameters(filterset_class: type[FilterSet]) -> dict[str, Parameter]:
    """The parameters of a FilterSet, in its filters' order; an undocumented filter is an
    error (the API would accept a parameter that its schema does not describe)."""
    documented = BY_FILTERSET[filterset_class]
    missing = sorted(set(filterset_class.base_filters) - set(documented))
    if missing:
        raise LookupError(
            f"{filterset_class.__name__}'s filters {missing} are not described in "
            "directory/api/parameters.py"
        )
    return {name: documented[name] for name in filterset_class.base_filters}


def query_parameter(name: str, parameter: Parameter) -> dict[str, Any]:
    """``parameter`` as an OpenAPI 3 query parameter; a repeatable one is an array, written
    as the parameter repeated (``?forme=scop&forme=scic``)."""
    schema = dict(parameter.schema)
    example = parameter.example
    built: dict[str, Any] = {"name": name, "in": "query", "required": False}
    if parameter.repeatable:
        schema = {"type": "array", "items": schema}
        built.update(style="form", explode=True)
        example = None if example is None else [example]
    built["description"] = parameter.accepts[0].upper() + parameter.accepts[1:] + "."
    built["schema"] = schema
    if example is not None:
        built["example"] = example
    return built
