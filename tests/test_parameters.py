"""The listing's parameters as the machine endpoints describe them, and the body of their
``400`` when a value is invalid."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from directory.listing.filters import InitiativeFilter
from directory.listing.parameters import (
    PARAMETERS,
    REFUSED_VALUE_MAX_LENGTH,
    accepted_forms,
    refused_parameters,
)
from tests import factories

pytestmark = pytest.mark.django_db

GEOJSON = reverse("directory:initiatives_geojson")


@pytest.fixture
def reference(geography):
    """The two départements of ``geography`` and two categories."""
    domain = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    factories.KindFactory(name="AMAP", slug="amap", parent=domain)


def refused(query: str) -> dict:
    return refused_parameters(InitiativeFilter(QueryDict(query)))


def test_every_parameter_is_described():
    filters = list(InitiativeFilter.base_filters)
    assert [parameter.name for parameter in PARAMETERS] == filters
    assert {parameter.name for parameter in PARAMETERS if parameter.repeatable} == {
        "categorie",
        "departement",
        "forme",
        "principe",
        "portee",
        "distribution",
        "age",
        "disponibilite",
        "membre_de",
        "accompagne_par",
        "accepte",
    }


def test_every_example_is_valid(reference, geography, relation_examples):
    for parameter in PARAMETERS:
        assert refused(f"{parameter.name}={parameter.example}") == {}, parameter.name


def test_what_each_parameter_accepts(reference):
    accepted = accepted_forms(InitiativeFilter())
    assert accepted == {
        "q": "un texte ; au-delà de 200 caractères, il est coupé",
        "categorie": "l'identifiant d'une catégorie (vie-quotidienne, amap), répétable",
        "departement": "code INSEE (75, 93) ou identifiant (paris, seine-saint-denis), répétable",
        "commune": "le code INSEE (93048), un code postal (93100), le nom (Montreuil) ou "
        "l'identifiant (montreuil) d'une commune d'Île-de-France",
        "autour": "le code INSEE (93048), un code postal (93100), le nom (Montreuil) ou "
        "l'identifiant (montreuil) d'une commune d'Île-de-France, ou une position "
        "« latitude,longitude » en Île-de-France (48.8634,2.4485)",
        "rayon": "un nombre de kilomètres, de 1 à 100 (10 par défaut)",
        "forme": "association, scop, scic, cooperative, mutuelle, fondation, entreprise-ess, "
        "entreprise, collectivite, collectif, répétable",
        "principe": "collective, peu-hierarchisee, decisions-communes, beneficiaires-acteurs, "
        "equilibre-financier, partage, mise-a-disposition, répétable",
        "portee": "quartier, commune, departement, region, national, en-ligne, répétable",
        "creation_min": "une année, de 1800 à 2100",
        "creation_max": "une année, de 1800 à 2100",
        "membre_de": "l'identifiant d'un réseau de l'annuaire dont des initiatives publiées "
        "sont membres, répétable",
        "accompagne_par": "l'identifiant d'une structure de l'annuaire qui a accompagné des "
        "initiatives publiées, répétable",
        "accepte": "l'identifiant d'une monnaie locale de l'annuaire acceptée par des "
        "initiatives publiées, répétable",
        "verifie": "1",
        "ouvert": "maintenant",
        "distribution": "lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche, répétable",
        "age": "0, 1, 2, 3, 4, 5, répétable",
        "disponibilite": "places, attente, complet, répétable",
        "tri": "pertinence, nom, recent, anciennete, distance",
    }


def not_a_choice(value: str) -> str:
    return f"Sélectionnez un choix valide. {value} n’en fait pas partie."


@pytest.mark.parametrize(
    ("query", "name", "value", "message"),
    [
        ("departement=999", "departement", "999", not_a_choice("999")),
        ("departement=2A", "departement", "2A", not_a_choice("2A")),
        ("departement=93&departement=zz&departement=yy", "departement", "zz", not_a_choice("zz")),
        ("categorie=inconnue", "categorie", "inconnue", not_a_choice("inconnue")),
        (
            "commune=2A004",
            "commune",
            "2A004",
            "Aucune commune d'Île-de-France ne correspond à « 2A004 ».",
        ),
        (
            "commune=mont%00reuil",
            "commune",
            "mont\x00reuil",
            "Le caractère nul n’est pas autorisé.",
        ),
        ("autour=0,0", "autour", "0,0", "Cette position est trop loin de l'Île-de-France."),
        ("rayon=0", "rayon", "0", "Assurez-vous que cette valeur est supérieure ou égale à 1."),
        ("rayon=abc", "rayon", "abc", "Saisissez un nombre."),
        ("forme=sarl", "forme", "sarl", not_a_choice("sarl")),
        ("principe=profit", "principe", "profit", not_a_choice("profit")),
        ("portee=monde", "portee", "monde", not_a_choice("monde")),
        (
            "creation_min=1e400",
            "creation_min",
            "1e400",
            "Assurez-vous que cette valeur est inférieure ou égale à 2100.",
        ),
        ("creation_max=deux-mille", "creation_max", "deux-mille", "Saisissez un nombre."),
        ("verifie=oui", "verifie", "oui", not_a_choice("oui")),
        ("tri=hasard", "tri", "hasard", not_a_choice("hasard")),
    ],
)
def test_a_refused_value_is_named_with_what_its_parameter_accepts(
    reference, query, name, value, message
):
    filterset = InitiativeFilter(QueryDict(query))
    assert refused_parameters(filterset) == {
        name: {"valeur": value, "attendu": accepted_forms(filterset)[name], "message": message}
    }


@pytest.mark.parametrize(
    "query",
    [
        "",
        "inconnu=1&page=abc",
        "q=&commune=&autour=&rayon=&creation_min=&creation_max=&tri=&verifie=",
        "q=%00",
        "q=" + "x" * 5000,
        "tri=distance",
        "departement=93&departement=seine-saint-denis",
    ],
)
def test_empty_unknown_and_ignored_values_are_no_refusal(reference, query):
    """What the listing's own form sends when nothing is typed (empty fields), unknown
    parameters, and values the listing uses otherwise (an overlong search is cut, a sort that
    does not apply falls back)."""
    assert refused(query) == {}


def test_a_long_refused_value_is_cut(reference):
    [entry] = refused("commune=" + "x" * 5000).values()
    assert entry["valeur"] == "x" * REFUSED_VALUE_MAX_LENGTH


def test_every_refused_parameter_is_named_in_the_forms_order(reference):
    assert list(refused("tri=x&departement=x&creation_min=x&q=ok&forme=x")) == [
        "departement",
        "forme",
        "creation_min",
        "tri",
    ]


def test_machine_endpoint_answers_400_with_the_documented_body(client, reference):
    response = client.get(GEOJSON, {"departement": "999", "categorie": "amap"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "erreurs": {
            "departement": {
                "valeur": "999",
                "attendu": "code INSEE (75, 93) ou identifiant (paris, seine-saint-denis), "
                "répétable",
                "message": "Sélectionnez un choix valide. 999 n’en fait pas partie.",
            }
        },
        "documentation": "http://testserver/donnees-ouvertes/#erreurs",
    }
    # Neither cached nor revalidated: the next request is refused the same way.
    assert "ETag" not in response
    assert client.get(GEOJSON, {"departement": "999"}).status_code == 400
