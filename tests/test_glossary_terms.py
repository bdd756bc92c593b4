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
LISTING = reverse("directory:initiative_list")


def entry(
    label: str,
    *variants: str,
    definition: str = "",
    pk: int = 0,
    related: tuple[str, ...] = (),
) -> ThesaurusEntry:
    """A thesaurus entry as ``load_thesaurus()`` builds it, without the database."""
    forms = (label, *variants)
    return ThesaurusEntry(
        pk=pk,
        label=label,
        slug=normalize(label).replace(" ", "-"),
        definition=definition,
        forms=forms,
        normalized_forms=tuple(normalize(form) for form in forms),
        related=related,
        normalized_related=tuple(normalize(form) for form in related),
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
        ("Les AMAP du quartier livrent le jeudi.", ["AMAP"]),
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Une épicerie : du sel et du poivre.", []),
        ("Sel de Guérande, 1 kg", []),
        ("Membre du SEL de Paris", ["SEL"]),
        ("Les SEL d'Île-de-France", ["SEL"]),
        ("UN SYSTÈME D'ÉCHANGE LOCAL", ["SEL"]),
        ("une cae de Montreuil", []),
        ("une CAE de Montreuil", ["Coopérative d'activité et d'emploi"]),
        ("la coopérative d’activité et d’emploi", ["Coopérative d'activité et d'emploi"]),
    ],
)
def test_a_form_written_in_capitals_is_found_only_in_capitals(text, expected):
    thesaurus = [
        entry("SEL", "système d'échange local"),
        entry("Coopérative d'activité et d'emploi", "CAE"),
    ]
    assert [term.label for term in terms_in([text], thesaurus)] == expected


def test_a_form_in_capitals_also_listed_in_lower_case_is_found_whatever_its_case():
    thesaurus = [entry("AMAP", "amap"), entry("SEL")]
    assert [term.label for term in terms_in(["Les Amap et le sel"], thesaurus)] == ["AMAP"]


def test_related_terms_are_not_explained_where_they_appear():
    thesaurus = [entry("Incubateur", related=("accompagnement",))]
    assert terms_in(["Accompagnement des porteurs de projets"], thesaurus) == []


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


def test_search_notes_suggest_the_related_terms_as_searches():
    thesaurus = [
        entry("Incubateur", related=("accompagnement", "pépinière d'entreprises sociales")),
        entry("SEL", "système d'échange local", related=("banque de temps",)),
    ]
    html = render_to_string(
        "directory/includes/search_notes.html", {"query": parse_query("incubateurs", thesaurus)}
    )
    assert "Recherche élargie" not in html
    assert (
        '<p class="search-notes__see-also"><span class="search-notes__title">Voir aussi :</span> '
        f'<a href="{LISTING}?q=accompagnement">accompagnement</a>, '
        f'<a href="{LISTING}?q=p%C3%A9pini%C3%A8re%20d%27entreprises%20sociales">'
        "pépinière d&#x27;entreprises sociales</a></p>"
    ) in html


# --- See also -------------------------------------------------------------------------------------


SEE_ALSO_THESAURUS = [
    entry(
        "AMAP",
        "association pour le maintien d'une agriculture paysanne",
        related=("panier paysan", "paniers paysans", "panier bio"),
        pk=1,
    ),
    entry("Incubateur", related=("accompagnement", "pépinière d'entreprises sociales"), pk=2),
    entry("Monnaie locale", "monnaie citoyenne", related=("monnaie complémentaire",), pk=3),
    entry(
        "SEL",
        "système d'échange local",
        related=("banque de temps", "monnaie complémentaire"),
        pk=4,
    ),
]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # A term, or one of its synonyms: its related terms, the same search once.
        ("incubateur", ("accompagnement", "pépinière d'entreprises sociales")),
        ("AMAP", ("panier paysan", "panier bio")),
        (
            "association pour le maintien d'une agriculture paysanne",
            ("panier paysan", "panier bio"),
        ),
        # Not what the query holds already.
        ("amap panier bio", ("panier paysan",)),
        # A related term: the terms it relates to.
        ("accompagnement", ("Incubateur",)),
        ("paniers bio", ("AMAP",)),
        ("monnaie complémentaire", ("Monnaie locale", "SEL")),
        # Both ways in one query, without the term already searched.
        ("banque de temps ou monnaie citoyenne", ("monnaie complémentaire", "SEL")),
        ("vélo", ()),
    ],
)
def test_see_also_suggests_related_terms_and_the_terms_they_relate_to(q, expected):
    assert parse_query(q, SEE_ALSO_THESAURUS).see_also == expected


def test_related_terms_never_widen_a_search():
    parsed = parse_query("accompagnement des jeunes", SEE_ALSO_THESAURUS)
    assert parsed.expanded_with == ()
    assert parsed.alternatives == ()
    assert parse_query("incubateur", SEE_ALSO_THESAURUS).alternatives == ()
