"""The seed vocabulary of the glossary: what it holds, loading it (twice, and with
``load_seed``), and how it widens the listing's searches."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse

from directory.db.text import normalize
from directory.models import Category, Term
from directory.search.thesaurus import load_thesaurus
from tests import factories

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
LISTING = reverse("directory:initiative_list")

# The vocabulary the seed must hold: label, some of its variants, its category (if any).
SEED_VOCABULARY = {
    "AMAP": (
        [
            "panier paysan",
            "paniers paysans",
            "association pour le maintien d'une agriculture paysanne",
            "panier bio",
        ],
        "amap",
    ),
    "SEL": (["système d'échange local", "banque de temps", "échange de services"], "sel"),
    "Monnaie locale": (
        ["monnaie citoyenne", "monnaie complémentaire", "monnaie locale complémentaire"],
        "monnaie-locale",
    ),
    "Crèche parentale": (["crèche associative", "multi-accueil parental"], "creche-parentale"),
    "Micro-crédit": (["microcrédit", "prêt solidaire"], "micro-credit"),
    "Micro-dons": (["microdon", "arrondi solidaire"], "micro-dons"),
    "Ressourcerie": (["recyclerie", "réemploi"], "reinsertion-recyclage"),
    "Jardin d'insertion": (
        ["jardin de cocagne", "chantier d'insertion maraîcher"],
        "jardin-insertion",
    ),
    "Garage solidaire": (["garage associatif", "auto-réparation"], "garage-solidaire"),
    "Incubateur": (["accompagnement", "pépinière d'entreprises sociales"], "incubateur"),
    "Logiciel libre": (["open source", "logiciel ouvert"], "logiciel-libre"),
    "Réseau d'échange de savoirs": (["échange de savoirs", "RERS"], "echange-de-savoirs"),
    "Consommation collaborative": (
        ["économie du partage", "économie collaborative"],
        "consommation-collaborative",
    ),
    "ESS": (["économie sociale et solidaire"], None),
    "ESUS": (["entreprise solidaire d'utilité sociale"], None),
    "SCOP": (["société coopérative et participative"], None),
    "SCIC": (["société coopérative d'intérêt collectif"], None),
    "Insertion par l'activité économique": (["IAE", "contrat d'insertion"], "travail-insertion"),
}


def load_seed_vocabulary() -> None:
    """The categories and the glossary's terms, as ``load_seed`` loads them: after the sources
    that the categories cite."""
    call_command(
        "loaddata",
        *(FIXTURES / f"{name}.json" for name in ("sources", "categories", "thesaurus")),
        verbosity=0,
    )


def labels(response) -> list[str]:
    return [initiative.name for initiative in response.context["initiatives"]]


def test_seed_vocabulary_loads_with_definitions_and_categories(db):
    load_seed_vocabulary()

    terms = {term.label: term for term in Term.objects.select_related("category")}
    for label, (variants, category) in SEED_VOCABULARY.items():
        term = terms[label]
        assert set(variants) <= set(term.variants), label
        assert (term.category.slug if term.category else None) == category, label
    for term in terms.values():
        term.full_clean()
        assert 40 <= len(term.definition) <= 400, term.label
        assert len(term.variants) == len({normalize(v) for v in term.variants}), term.label
    pks = Term.objects.order_by("pk").values_list("pk", flat=True)
    assert list(pks) == list(range(1, len(terms) + 1))


def test_seed_vocabulary_loads_twice_without_change(db):
    load_seed_vocabulary()
    before = serializers.serialize("json", Term.objects.order_by("pk"))
    load_seed_vocabulary()
    assert serializers.serialize("json", Term.objects.order_by("pk")) == before


def test_load_seed_counts_the_terms_and_forgets_the_cached_thesaurus(db):
    assert load_thesaurus() == []
    out = StringIO()
    call_command("load_seed", stdout=out)
    count = Term.objects.count()
    assert count == len(json.loads((FIXTURES / "thesaurus.json").read_text(encoding="utf-8")))
    assert f"{count} termes du glossaire" in out.getvalue()
    assert len(load_thesaurus()) == count


@pytest.mark.parametrize(
    ("query", "name", "summary"),
    [
        ("panier paysan", "AMAP du Plateau", "Une AMAP qui livre le jeudi."),
        ("banque de temps", "SEL des Lilas", "Un SEL où l'on compte en heures."),
        ("monnaie citoyenne", "Le Grain", "La monnaie locale des commerces du canal."),
        ("recyclerie", "La Caverne", "Une ressourcerie de quartier."),
        ("économie sociale et solidaire", "Coop du Coin", "Une SCOP de l'ESS."),
    ],
)
def test_seed_vocabulary_widens_searches_through_the_listing(client, db, query, name, summary):
    load_seed_vocabulary()
    factories.InitiativeFactory(name=name, summary=summary, description="")
    factories.InitiativeFactory(name="Atelier vélo", summary="On répare ensemble.")

    response = client.get(LISTING, {"q": query})

    assert labels(response) == [name]
    assert response.context["query"].expanded_with


def test_categories_of_the_seed_vocabulary_exist(db):
    load_seed_vocabulary()
    slugs = {category for _, category in SEED_VOCABULARY.values() if category}
    assert slugs <= set(Category.objects.values_list("slug", flat=True))
