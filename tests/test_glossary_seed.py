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

from directory.admin.glossary import TermAdminForm
from directory.db.text import normalize
from directory.listing.bitsets import facet_bitsets
from directory.models import Category, Term
from directory.search.thesaurus import load_thesaurus
from tests import factories

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
LISTING = reverse("directory:initiative_list")

# The vocabulary the seed must hold: label, some of its synonyms (the same thing: widen a
# search), some of its related terms (broader or neighbouring: suggested only), its category.
SEED_VOCABULARY = {
    "AMAP": (
        ["association pour le maintien d'une agriculture paysanne"],
        ["panier paysan", "paniers paysans", "panier bio"],
        "amap",
    ),
    "SEL": (["système d'échange local"], ["banque de temps", "échange de services"], "sel"),
    "Monnaie locale": (
        ["monnaie citoyenne", "monnaie locale complémentaire"],
        ["monnaie complémentaire"],
        "monnaie-locale",
    ),
    "Crèche parentale": ([], ["crèche associative", "multi-accueil parental"], "creche-parentale"),
    "Micro-crédit": (["microcrédit"], ["prêt solidaire"], "micro-credit"),
    "Micro-dons": (["microdon"], ["arrondi solidaire"], "micro-dons"),
    "Ressourcerie": (["recyclerie"], ["réemploi"], "reinsertion-recyclage"),
    "Jardin d'insertion": (
        ["chantier d'insertion maraîcher"],
        ["jardin de cocagne", "insertion par l'activité économique"],
        "jardin-insertion",
    ),
    "Garage solidaire": ([], ["garage associatif", "auto-réparation"], "garage-solidaire"),
    "Incubateur": ([], ["accompagnement", "pépinière d'entreprises sociales"], "incubateur"),
    "Logiciel libre": (["open source", "logiciel ouvert"], [], "logiciel-libre"),
    "Réseau d'échange de savoirs": (["RERS"], ["échange de savoirs"], "echange-de-savoirs"),
    "Consommation collaborative": (
        [],
        ["économie du partage", "économie collaborative"],
        "consommation-collaborative",
    ),
    "ESS": (["économie sociale et solidaire"], [], None),
    "ESUS": (["entreprise solidaire d'utilité sociale"], [], None),
    "SCOP": (["société coopérative et participative"], [], None),
    "SCIC": (["société coopérative d'intérêt collectif"], [], None),
    "Insertion par l'activité économique": (
        ["IAE"],
        ["contrat d'insertion", "chantier d'insertion"],
        "travail-insertion",
    ),
    "Centre de santé communautaire": (
        [],
        ["santé communautaire", "centre de santé"],
        "centre-sante-communautaire",
    ),
    "Coopérative d'activité et d'emploi": (["CAE"], [], "cooperative-activite-emploi"),
    "Atelier vélo participatif": ([], ["atelier vélo", "cyclofficine"], "atelier-velo"),
    "Supermarché coopératif": ([], ["supermarché participatif"], "supermarche-cooperatif"),
    "Médiation sociale": ([], ["habitant-relais", "habitants-relais"], "mediation-sociale"),
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
    for label, (synonyms, related, category) in SEED_VOCABULARY.items():
        term = terms[label]
        assert set(synonyms) <= set(term.variants), label
        assert set(related) <= set(term.related), label
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
        (
            "association pour le maintien d'une agriculture paysanne",
            "AMAP du Plateau",
            "Une AMAP qui livre le jeudi.",
        ),
        ("système d'échange local", "SEL des Lilas", "Un SEL où l'on compte en heures."),
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
    slugs = {category for *_, category in SEED_VOCABULARY.values() if category}
    assert slugs <= set(Category.objects.values_list("slug", flat=True))


def test_every_seed_term_passes_the_admins_checks(db):
    """Curators can save any seed term as it is: no synonym or related term is the term
    itself, written twice, or both."""
    load_seed_vocabulary()
    for term in Term.objects.all():
        data = {
            "label": term.label,
            "slug": term.slug,
            "variants": ", ".join(term.variants),
            "related": ", ".join(term.related),
            "definition": term.definition,
            "category": term.category_id or "",
        }
        form = TermAdminForm(data, instance=term)
        assert form.is_valid(), (term.label, form.errors)


def test_a_related_term_of_the_seed_suggests_the_term_instead_of_widening(
    client, db, django_assert_num_queries
):
    """« banque de temps » no longer finds every SEL, it suggests them; in the same number of
    queries as any search."""
    load_seed_vocabulary()
    factories.InitiativeFactory(name="SEL des Lilas", summary="Un SEL où l'on compte en heures.")
    factories.InitiativeFactory(name="Temps partagé", summary="Une banque de temps de quartier.")
    facet_bitsets()  # built once per facets' version, not by each page (tests/test_facets.py)

    # data version, categories, départements, the thesaurus (each cached per data version),
    # the search's rows, the page: no query for the suggestions
    with django_assert_num_queries(6):
        response = client.get(LISTING, {"q": "banque de temps"})

    assert labels(response) == ["Temps partagé"]
    assert response.context["query"].expanded_with == ()
    assert response.context["query"].see_also == ("SEL",)
    assert f'<a href="{LISTING}?q=SEL">SEL</a></p>' in response.content.decode()


def test_a_search_for_a_seed_term_suggests_its_related_terms_but_does_not_search_them(client, db):
    load_seed_vocabulary()
    factories.InitiativeFactory(name="Antropia", summary="Un incubateur d'entreprises sociales.")
    factories.InitiativeFactory(name="Mission locale", summary="Accompagnement vers l'emploi.")

    response = client.get(LISTING, {"q": "incubateur"})

    assert labels(response) == ["Antropia"]
    assert response.context["query"].see_also == (
        "accompagnement",
        "pépinière d'entreprises sociales",
    )
    content = response.content.decode()
    assert f'<a href="{LISTING}?q=accompagnement">accompagnement</a>' in content
