"""The glossary: its page, the terms a text uses, the « Lexique » of the detail page, the seed
vocabulary and how it widens searches, and its admin."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.glossary import by_letter, terms_in
from directory.models import Category, Term
from directory.search import ThesaurusEntry, load_thesaurus, normalize, parse_query
from tests import factories

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
GLOSSARY = reverse("directory:glossary")
LISTING = reverse("directory:initiative_list")
TERM_ADD = reverse("admin:directory_term_add")
TERM_CHANGELIST = reverse("admin:directory_term_changelist")

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


def load_seed_vocabulary() -> None:
    """The categories and the glossary's terms, as ``load_seed`` loads them."""
    call_command("loaddata", FIXTURES / "categories.json", FIXTURES / "thesaurus.json", verbosity=0)


def labels(response) -> list[str]:
    return [initiative.name for initiative in response.context["initiatives"]]


# --- terms_in ----------------------------------------------------------------------------------

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


# --- The glossary page -------------------------------------------------------------------------


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


# --- The « Lexique » of the detail page -------------------------------------------------------


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
        summary="Une Amap qui livre chaque jeudi, avec un garage solidaire.",
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
    with django_assert_num_queries(7):
        cold = client.get(initiative.get_absolute_url())
    with django_assert_num_queries(1):
        warm = client.get(initiative.get_absolute_url())

    for response in (cold, warm):
        assert response.content.decode().count("<dt><dfn>") == 11


# --- The seed vocabulary -----------------------------------------------------------------------


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


# --- Search notes ------------------------------------------------------------------------------


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


# --- Admin -------------------------------------------------------------------------------------


def term_data(**overrides: str) -> dict[str, str]:
    data = {
        "label": "AMAP",
        "slug": "amap",
        "variants": "  panier paysan ,panier bio ",
        "definition": "Association pour le maintien d'une agriculture paysanne.",
        "category": "",
    }
    data.update(overrides)
    return data


def test_curator_adds_a_term_with_comma_separated_variants(curator_client):
    load_thesaurus()
    page = curator_client.get(TERM_ADD)
    assert page.status_code == 200
    content = page.content.decode()
    assert "séparées par des virgules" in content
    assert "#id_slug" in content  # prepopulated from the label

    response = curator_client.post(TERM_ADD, term_data())

    assert response.status_code == 302
    term = Term.objects.get()
    assert term.variants == ["panier paysan", "panier bio"]
    # Saving forgot the cached thesaurus: searches use the new term at once.
    assert [entry.label for entry in load_thesaurus()] == ["AMAP"]


def test_curator_links_a_term_to_a_category(curator_client):
    kind = factories.KindFactory(name="AMAP", slug="amap")
    response = curator_client.post(TERM_ADD, term_data(category=str(kind.pk)))
    assert response.status_code == 302
    assert Term.objects.get().category == kind


@pytest.mark.parametrize(
    ("variants", "message"),
    [
        ("panier paysan,, panier bio", "Un équivalent est vide"),
        ("panier paysan, ", "Un équivalent est vide"),
        ("panier paysan, Panier Paysan", "est écrit deux fois"),
        ("panier paysan, amap", "est le terme lui-même"),
        ("x" * 101, "100 caractères"),
    ],
)
def test_admin_refuses_bad_variants_in_french(curator_client, variants, message):
    response = curator_client.post(TERM_ADD, term_data(variants=variants))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Term.objects.exists()


def test_admin_shows_variants_as_comma_separated_text(curator_client):
    term = factories.TermFactory(variants=["panier paysan", "panier bio"])
    response = curator_client.get(reverse("admin:directory_term_change", args=[term.pk]))
    assert 'value="panier paysan, panier bio"' in response.content.decode()


def test_term_changelist_search_and_filter_load(curator_client, django_assert_max_num_queries):
    kind = factories.KindFactory(name="SEL", slug="sel")
    sel = factories.TermFactory(
        label="SEL", slug="sel", variants=["système d'échange local"], category=kind
    )
    factories.TermFactory.create_batch(5, category=factories.KindFactory())
    other = factories.TermFactory(label="SCOP", slug="scop", definition="Une coopérative.")

    with django_assert_max_num_queries(12):
        listing = curator_client.get(TERM_CHANGELIST)
    by_variant = curator_client.get(TERM_CHANGELIST, {"q": "systeme d'echange"})
    by_definition = curator_client.get(TERM_CHANGELIST, {"q": "cooperative"})
    by_category = curator_client.get(TERM_CHANGELIST, {"category__id__exact": kind.pk})

    assert listing.status_code == 200
    assert "système d&#x27;échange local" in listing.content.decode()
    assert list(by_variant.context["cl"].result_list) == [sel]
    assert list(by_definition.context["cl"].result_list) == [other]
    assert list(by_category.context["cl"].result_list) == [sel]


def test_changelist_query_count_does_not_grow_with_terms(curator_client):
    """Protects the changelist from a query per term's category, or per category's domain
    (in the list and in the category filter)."""

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert curator_client.get(TERM_CHANGELIST).status_code == 200
        return len(queries)

    factories.TermFactory(category=factories.KindFactory())
    few = count_queries()
    for _ in range(6):
        factories.TermFactory(category=factories.KindFactory())
    assert count_queries() == few


def test_deleting_terms_in_bulk_forgets_the_cached_thesaurus(admin_client):
    terms = factories.TermFactory.create_batch(2)
    assert len(load_thesaurus()) == 2
    response = admin_client.post(
        TERM_CHANGELIST,
        {"action": "delete_selected", "_selected_action": [t.pk for t in terms], "post": "yes"},
    )
    assert response.status_code == 302
    assert load_thesaurus() == []


def test_categories_of_the_seed_vocabulary_exist(db):
    load_seed_vocabulary()
    slugs = {category for _, category in SEED_VOCABULARY.values() if category}
    assert slugs <= set(Category.objects.values_list("slug", flat=True))
