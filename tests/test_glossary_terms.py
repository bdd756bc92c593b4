"""The glossary's terms in a text: which ones ``terms_in`` finds (labels and variants, whatever
the case, accents and plurals), and the notes of a search they widened."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from directory.db.text import normalize
from directory.search.glossary import terms_in
from directory.search.query import parse_query
from directory.search.thesaurus import ThesaurusEntry, load_thesaurus
from tests import factories

GLOSSARY = reverse("directory:glossary")


def entry(label: str, *variants: str, definition: str = "", pk: int = 0) -> ThesaurusEntry:
    """A thesaurus entry as ``load_thesaurus()`` builds it, without the database."""
    forms = (label, *variants)
    return ThesaurusEntry(
        pk=pk,
        label=label,
        slug=normalize(label).replace(" ", "-"),
        definition=definition,
        forms=forms,
        normalized_forms=tuple(normalize(form) for form in forms),
    )


# --- terms_in -------------------------------------------------------------------------------------

THESAURUS = [
    entry("AMAP", "panier paysan", "association pour le maintien d'une agriculture paysanne"),
    entry("Crèche parentale", "crèche associative"),
    entry("Micro-crédit", "microcrédit"),
    entry("Monnaie locale", "monnaie citoyenne"),
    entry("SEL", "système d'échange local", "banque de temps"),
]


def found(*texts: str) -> list[str]:
    return [term.label for term in terms_in(texts, THESAURUS)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Les Amap du quartier livrent le jeudi.", ["AMAP"]),
        ("UNE MONNAIE CITOYENNE pour Montreuil", ["Monnaie locale"]),
        ("Deux creches parentales à Paris", ["Crèche parentale"]),
        ("des paniers paysans chaque semaine", ["AMAP"]),
        ("Un systeme d’echange local", ["SEL"]),
        ("Nos micro-crédits aident les créateurs", ["Micro-crédit"]),
        ("Une banque de temps et une AMAP", ["AMAP", "SEL"]),
    ],
)
def test_terms_in_finds_labels_and_variants_ignoring_case_accents_and_plurals(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Selon ses membres, la vaisselle est partagée.",
        "Les amapiens se retrouvent le jeudi.",
        "Une monnaie, localement acceptée.",
        "",
    ],
)
def test_terms_in_ignores_terms_inside_other_words(text):
    assert found(text) == []


def test_terms_in_reads_every_text_but_no_phrase_across_two():
    assert found("La Pêche", "une monnaie locale", "Un SEL") == ["Monnaie locale", "SEL"]
    assert found("Un panier", "paysan") == []


def test_terms_in_reads_the_cached_thesaurus_by_default(db, django_assert_num_queries):
    factories.TermFactory(label="AMAP", slug="amap", variants=["panier paysan"])
    load_thesaurus()
    with django_assert_num_queries(0):
        assert [term.label for term in terms_in(["des paniers paysans"])] == ["AMAP"]


# --- Search notes ---------------------------------------------------------------------------------


def test_search_notes_name_the_terms_that_widened_a_search():
    thesaurus = [
        entry("AMAP", "panier paysan", "paniers paysans", definition="Des paniers <b>paysans</b>."),
        entry("Innovation sociale", definition="Sans équivalent."),
    ]
    html = render_to_string(
        "directory/includes/search_notes.html",
        {"query": parse_query("panier paysan et innovation sociale", thesaurus)},
    )
    assert "Recherche élargie aux équivalents de :" in html
    assert f'<a href="{GLOSSARY}#amap">AMAP</a> (panier paysan, paniers paysans)' in html
    assert "Des paniers &lt;b&gt;paysans&lt;/b&gt;." in html
    # A term without equivalents widened nothing.
    assert "Innovation sociale" not in html


@pytest.mark.parametrize("q", [None, "vélo"])
def test_search_notes_are_empty_when_nothing_was_widened(q):
    query = parse_query(q, [entry("AMAP", "panier paysan")]) if q else None
    html = render_to_string("directory/includes/search_notes.html", {"query": query})
    assert html.strip() == ""
