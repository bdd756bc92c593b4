"""The glossary's page (terms in French alphabetical order, with their definitions and anchors)
and the « Lexique » of a detail page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from directory.models import Term
from directory.search.glossary import by_letter
from tests import factories

GLOSSARY = reverse("directory:glossary")
LISTING = reverse("directory:initiative_list")


# --- The glossary page ----------------------------------------------------------------------------


def test_glossary_lists_terms_alphabetically_with_definitions_and_anchors(
    client, db, django_assert_num_queries
):
    """One query whatever the number of terms: each term's category comes with it."""
    kind = factories.KindFactory(name="Monnaie locale", slug="monnaie-locale")
    factories.TermFactory(
        label="SEL",
        slug="sel",
        variants=["banque de temps", "système d'échange local"],
        definition="Système d'échange local.",
        category=factories.KindFactory(name="SEL", slug="sel"),
    )
    factories.TermFactory(
        label="Monnaie locale",
        slug="monnaie-locale",
        variants=["monnaie citoyenne"],
        definition="Monnaie complémentaire de l'euro.",
        category=kind,
    )
    factories.TermFactory(label="Économie sociale", slug="economie-sociale", definition="")
    factories.TermFactory(label="AMAP", slug="amap", definition="Paniers <b>paysans</b>.")

    # The data version (keys the page cache), then the terms.
    with django_assert_num_queries(2):
        response = client.get(GLOSSARY)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Glossaire</h1>" in content
    assert '<dt id="monnaie-locale"><dfn>Monnaie locale</dfn></dt>' in content
    assert "Monnaie complémentaire de l&#x27;euro." in content
    assert "Aussi appelé : banque de temps, système d&#x27;échange local" in content
    assert f'href="{kind.get_absolute_url()}"' in content
    assert f'href="{LISTING}?q=Monnaie%20locale"' in content
    assert "Paniers &lt;b&gt;paysans&lt;/b&gt;." in content
    # Letters in French order (« Économie » under E), each heading its own section.
    letters = [group.letter for group in response.context["letters"]]
    assert letters == ["A", "E", "M", "S"]
    assert '<a href="#lettre-e">E</a>' in content
    assert '<h2 id="lettre-e">E</h2>' in content
    order = [content.index(f'id="{slug}"') for slug in ("amap", "economie-sociale", "sel")]
    assert order == sorted(order)


def test_glossary_letters_ignore_accents_and_ligatures_and_put_other_signs_last():
    terms = [Term(label=label) for label in ("Zéro déchet", "1901", "Œuvre", "écologie", "AMAP")]
    groups = by_letter(terms)
    assert [(group.letter, group.anchor) for group in groups] == [
        ("A", "lettre-a"),
        ("E", "lettre-e"),
        ("O", "lettre-o"),
        ("Z", "lettre-z"),
        ("#", "lettre-autres"),
    ]
    assert [term.label for term in groups[-1].terms] == ["1901"]


def test_empty_glossary_says_so(client, db):
    response = client.get(GLOSSARY)
    assert response.status_code == 200
    assert "Le glossaire est vide" in response.content.decode()


def test_glossary_is_linked_from_every_page_and_a_term_links_to_its_entry(client, db):
    term = factories.TermFactory(label="AMAP", slug="amap")
    content = client.get(reverse("directory:about")).content.decode()
    assert f'href="{GLOSSARY}"' in content
    assert term.get_absolute_url() == f"{GLOSSARY}#amap"


def test_glossary_refuses_other_methods(client, db):
    assert client.post(GLOSSARY).status_code == 405


# --- The « Lexique » of the detail page -----------------------------------------------------------


@pytest.fixture
def amap_term(db) -> Term:
    return factories.TermFactory(
        label="AMAP",
        slug="amap",
        variants=["panier paysan"],
        definition="Association pour le maintien d'une agriculture paysanne.",
    )


def test_detail_explains_the_terms_of_its_summary(client, geography, amap_term):
    factories.TermFactory(label="SEL", slug="sel", definition="Système d'échange local.")
    factories.TermFactory(label="Garage solidaire", slug="garage-solidaire", definition="")
    initiative = factories.InitiativeFactory(
        name="Les Jardins du Plateau",
        summary="Une AMAP qui livre chaque jeudi, avec un garage solidaire.",
    )

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert '<h2 id="lexicon-title">Lexique</h2>' in content
    assert "<dt><dfn>AMAP</dfn></dt>" in content
    assert "Association pour le maintien d&#x27;une agriculture paysanne." in content
    assert f'href="{amap_term.get_absolute_url()}"' in content
    # Not mentioned, or nothing to explain.
    assert "<dfn>SEL</dfn>" not in content
    assert "<dfn>Garage solidaire</dfn>" not in content


def test_detail_explains_the_terms_of_its_kinds(client, geography):
    factories.TermFactory(label="Monnaie locale", slug="monnaie-locale", definition="Monnaie.")
    kind = factories.KindFactory(name="Monnaie locale", slug="monnaie-locale")
    initiative = factories.InitiativeFactory(name="La Pêche", categories=[kind])

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert "<dt><dfn>Monnaie locale</dfn></dt>" in content


def test_detail_without_known_terms_has_no_lexicon(client, geography, amap_term):
    initiative = factories.InitiativeFactory(name="Atelier vélo", summary="On répare ensemble.")
    assert "Lexique" not in client.get(initiative.get_absolute_url()).content.decode()


def test_detail_lexicon_adds_no_query_when_the_thesaurus_is_cached(
    client, geography, amap_term, django_assert_num_queries
):
    """The « Lexique » reads the cached thesaurus: no query when it is warm, one (not one per
    term) when it is cold. Without it the page runs 5 queries: initiative, categories,
    places, sources, similar."""
    for n in range(10):
        factories.TermFactory(label=f"Terme {n}", slug=f"terme-{n}", definition="Défini.")
    kind = factories.KindFactory(name="AMAP", slug="amap")
    initiative = factories.InitiativeFactory(
        summary="Une AMAP. " + " ".join(f"Terme {n}." for n in range(10)), categories=[kind]
    )
    factories.InitiativeFactory.create_batch(3, categories=[kind])
    for commune in (geography["paris10"], geography["montreuil"]):
        factories.LocationFactory(initiative=initiative, commune=commune)
    initiative.sources.add(factories.SourceFactory(), factories.SourceFactory())

    # Cold: the detail page's queries, with one thesaurus load for all its terms. Warm: the
    # whole page comes from the cache, after the data-version check.
    with django_assert_num_queries(5):  # (no provenance, no relation: neither is read)
        cold = client.get(initiative.get_absolute_url())
    with django_assert_num_queries(1):
        warm = client.get(initiative.get_absolute_url())

    for response in (cold, warm):
        assert response.content.decode().count("<dt><dfn>") == 11


# --- Synonyms and related terms on the glossary page ----------------------------------------------


def test_glossary_lists_each_terms_synonyms_and_related_terms(
    client, db, django_assert_num_queries
):
    """A related term that is another term's form links to that term's entry, any other to a
    search for it; still one query for the terms."""
    factories.TermFactory(
        label="SEL",
        slug="sel",
        variants=["système d'échange local"],
        related=["banque de temps", "Monnaies locales", "échange de services"],
        definition="Système d'échange local.",
    )
    monnaie = factories.TermFactory(
        label="Monnaie locale", slug="monnaie-locale", variants=["monnaie citoyenne"]
    )

    with django_assert_num_queries(2):
        response = client.get(GLOSSARY)

    content = response.content.decode()
    assert "Aussi appelé : système d&#x27;échange local</p>" in content
    assert (
        '<p class="glossary__related">Voir aussi : '
        f'<a href="{LISTING}?q=banque%20de%20temps">banque de temps</a>, '
        f'<a href="{monnaie.get_absolute_url()}">Monnaies locales</a>, '
        f'<a href="{LISTING}?q=%C3%A9change%20de%20services">échange de services</a></p>'
    ) in content
    # A term without related terms has no « Voir aussi ».
    assert content.count("glossary__related") == 1


# --- Acronyms in the « Lexique » ------------------------------------------------------------------


@pytest.fixture
def sel_term(db) -> Term:
    return factories.TermFactory(
        label="SEL",
        slug="sel",
        variants=["système d'échange local"],
        definition="Système d'échange local : des voisins échangent des services.",
    )


def test_salt_in_a_description_shows_no_sel_box(client, geography, sel_term):
    initiative = factories.InitiativeFactory(
        name="Épicerie du coin",
        summary="Une épicerie associative.",
        description="On y trouve du sel et du poivre.",
    )

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert "<dfn>SEL</dfn>" not in content
    assert "Lexique" not in content


def test_the_sel_of_a_description_in_capitals_shows_its_box(
    client, geography, sel_term, django_assert_num_queries
):
    """The same queries as any detail page with its « Lexique » (cold thesaurus)."""
    initiative = factories.InitiativeFactory(
        name="Épicerie du coin",
        summary="Une épicerie associative.",
        description="Ses membres font partie du SEL de Paris.",
    )

    with django_assert_num_queries(5):  # (no provenance, no relation: neither is read)
        content = client.get(initiative.get_absolute_url()).content.decode()

    assert "<dt><dfn>SEL</dfn></dt>" in content
    assert "Système d&#x27;échange local : des voisins échangent des services." in content
