"""What a search that finds nothing offers (``directory.listing.state.search_help``): close
spellings whose links keep the query's other filters, the categories its words name, the same
search in the whole directory, and never what the query's minus signs exclude."""

from __future__ import annotations

import html
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

LISTING = "/initiatives/"


@pytest.fixture
def entries(geography):
    """A local currency in Montreuil, an insertion garden in Paris, two bike workshops (one in
    Paris, one in Montreuil), and the thesaurus's insertion gardens."""
    finance = factories.DomainFactory(name="Finance solidaire", slug="finance-solidaire")
    vie = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    monnaie = factories.KindFactory(name="Monnaie locale", slug="monnaie-locale", parent=finance)
    jardin = factories.KindFactory(name="Jardin d'insertion", slug="jardin-insertion", parent=vie)
    factories.TermFactory(
        label="Jardin d'insertion", slug="jardin-d-insertion", variants=["jardin de cocagne"]
    )
    made = {
        "peche": factories.InitiativeFactory(
            name="La Pêche",
            summary="La monnaie locale de Montreuil.",
            categories=[monnaie],
        ),
        "cocagne": factories.InitiativeFactory(
            name="Jardin de Cocagne de Limon",
            summary="Un jardin maraîcher qui emploie des personnes éloignées de l'emploi.",
            description="Des paniers de légumes bio chaque semaine.",
            categories=[jardin],
        ),
        "velo": factories.InitiativeFactory(
            name="Atelier vélo solidaire", summary="On répare son vélo ensemble."
        ),
        "velo_montreuil": factories.InitiativeFactory(
            name="Atelier vélo solidaire de Montreuil", summary="On répare son vélo ensemble."
        ),
    }
    for key, commune in [
        ("peche", "montreuil"),
        ("cocagne", "paris10"),
        ("velo", "paris10"),
        ("velo_montreuil", "montreuil"),
    ]:
        factories.LocationFactory(initiative=made[key], commune=geography[commune])
    return made


def help_links(response) -> dict[str, str]:
    """The links of the no-result help, text → href (both unescaped)."""
    content = response.content.decode()
    block = re.search(r'<div class="search-help">.*?</div>', content, re.DOTALL)
    assert block, "no search help on the page"
    return {
        html.unescape(text): html.unescape(href)
        for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', block.group())
    }


def results(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [initiative.name for initiative in response.context["initiatives"]]


# --- Links -------------------------------------------------------------------------------------


def test_close_spelling_link_keeps_the_other_filters_and_drops_the_page(client, entries):
    response = client.get(
        LISTING, {"q": "monaie locle", "departement": "seine-saint-denis", "page": "2"}
    )

    assert response.context["page_obj"].paginator.count == 0
    assert help_links(response) == {
        "Monnaie locale": "/initiatives/?q=Monnaie+locale&departement=seine-saint-denis",
        "Chercher « monaie locle » dans tout l'annuaire": "/initiatives/?q=monaie+locle",
        "Voir toutes les initiatives": "/initiatives/",
    }
    assert results(client, "/initiatives/?q=Monnaie+locale&departement=seine-saint-denis") == [
        "La Pêche"
    ]


def test_close_spelling_link_on_a_landing_page_stays_on_it(client, entries):
    category = reverse("directory:category", args=["monnaie-locale"])
    response = client.get(category, {"q": "monaie locle"})

    assert help_links(response) == {
        "Monnaie locale": "/categories/monnaie-locale/?q=Monnaie+locale",
        "Chercher « monaie locle » dans tout l'annuaire": "/initiatives/?q=monaie+locle",
        "Voir toutes les initiatives": "/initiatives/",
    }
    assert results(client, "/categories/monnaie-locale/?q=Monnaie+locale") == ["La Pêche"]


def test_close_names_are_those_of_entries_the_other_filters_keep(client, entries):
    """A name suggested with the other filters kept is one its link finds: an entry outside
    them (the workshop in Montreuil, for a search in Paris) is not offered."""
    response = client.get(LISTING, {"q": '"atelier velo solidare"', "departement": "paris"})

    assert response.context["page_obj"].paginator.count == 0
    assert help_links(response) == {
        "Atelier vélo solidaire": "/initiatives/?q=Atelier+v%C3%A9lo+solidaire&departement=paris",
        'Chercher « "atelier velo solidare" » dans tout l\'annuaire': (
            "/initiatives/?q=%22atelier+velo+solidare%22"
        ),
        "Voir toutes les initiatives": "/initiatives/",
    }
    assert results(client, "/initiatives/?q=Atelier+v%C3%A9lo+solidaire&departement=paris") == [
        "Atelier vélo solidaire"
    ]


def test_search_alone_link_finds_what_it_counts(client, entries):
    response = client.get(LISTING, {"q": "jardin", "departement": "seine-saint-denis"})

    links = help_links(response)
    assert links["Chercher « jardin » dans tout l'annuaire"] == "/initiatives/?q=jardin"
    assert "dans tout l'annuaire</a> (1 résultat)" in response.content.decode()
    assert results(client, "/initiatives/?q=jardin") == ["Jardin de Cocagne de Limon"]


def test_no_result_page_query_count_does_not_grow_with_suggestions(
    client, entries, django_assert_num_queries
):
    """Protects the no-result page from a query per close name or matching category."""
    params = {"q": '"atelier velo solidare"', "departement": "paris"}
    # The listing's five, the thesaurus, the close names; the search alone's count comes from
    # the ids the search keeps, which the listing read (the département is a facet).
    with django_assert_num_queries(7):
        client.get(LISTING, params)
    for number in range(5):
        factories.LocationFactory(
            initiative=factories.InitiativeFactory(name=f"Atelier vélo solidaire {number}"),
            commune=entries["velo"].locations.get().commune,
        )
    cache.clear()  # as cold as the first (not the kept ids brought up to date)
    with django_assert_num_queries(7):
        response = client.get(LISTING, params)
    assert len(response.context["spellings"]) == 3


# --- What the query excludes -------------------------------------------------------------------

EXCLUDING_COCAGNE = [
    "jardin -cocagne",
    "jardin - cocagne",
    "jardin -Cocagne",
    "jardin -cocagnes",
    "-cocagne jardin",
    "jardin -«cocagne»",
    'jardin -"de cocagne"',
    'jardin -"cocagne de limon"',
    'jardin - "Cocagne de Limon"',
    "jardin -maraîcher",  # in its summary, not in its name
    "jardin -légumes",  # in its description
]


@pytest.mark.parametrize("q", EXCLUDING_COCAGNE)
def test_an_excluded_entry_is_not_suggested(client, entries, q):
    response = client.get(LISTING, {"q": q})

    assert response.context["page_obj"].paginator.count == 0
    links = help_links(response)
    assert "Jardin de Cocagne de Limon" not in links
    assert "Jardin de Cocagne de Limon" not in response.context["spellings"]


@pytest.mark.parametrize("q", [q for q in EXCLUDING_COCAGNE if "cocagne" in q.lower()])
def test_a_word_holding_an_excluded_one_is_not_suggested(client, entries, q):
    """« jardin de cocagne », a form of the thesaurus, is no spelling of « jardin -cocagne »."""
    response = client.get(LISTING, {"q": q})

    assert response.context["spellings"] == []


def test_a_category_holding_an_excluded_word_is_not_suggested(client, entries):
    kept = client.get(LISTING, {"q": "jardin -cocagne"})
    excluded = client.get(LISTING, {"q": "jardin -insertion"})

    assert help_links(kept)["Jardin d'insertion"] == "/categories/jardin-insertion/"
    assert excluded.context["page_obj"].paginator.count == 0
    assert excluded.context["matching_categories"] == []
    assert "Jardin d'insertion" not in help_links(excluded)


def test_an_exclusion_that_does_not_apply_keeps_the_suggestion(client, entries):
    typo = '"jardin de cocagne de limn"'
    kept = client.get(LISTING, {"q": f"{typo} -potager"})
    excluded = client.get(LISTING, {"q": f"{typo} -cocagne"})

    assert kept.context["spellings"] == ["Jardin de Cocagne de Limon"]
    assert help_links(kept)["Jardin de Cocagne de Limon"] == (
        "/initiatives/?q=Jardin+de+Cocagne+de+Limon"
    )
    assert results(client, "/initiatives/?q=Jardin+de+Cocagne+de+Limon") == [
        "Jardin de Cocagne de Limon"
    ]
    assert excluded.context["spellings"] == []


def test_an_alternative_without_exclusion_excludes_nothing(client, entries):
    """« -cocagne or "…" »: the second alternative excludes nothing, so neither does the
    query."""
    response = client.get(LISTING, {"q": 'velib -cocagne or "jardin de cocagne de limn"'})

    assert response.context["page_obj"].paginator.count == 0
    assert "Jardin de Cocagne de Limon" in response.context["spellings"]
