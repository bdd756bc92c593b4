"""Sorted by relevance, the pages of the entries that a search's words rank are slices of an
order kept with the facet counts (``directory.listing.relevance``), from the ranks the state's
ids query read: every page lists exactly what the full ranking in SQL lists, ties by name
included, and an edit moves an entry at once."""

import zlib
from array import array

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.listing import facets as facets_module
from directory.listing import kept_ids
from directory.listing.facets import facet_counts
from directory.listing.filters import InitiativeFilter
from directory.listing.kept_ids import KeptIds
from directory.listing.relevance import relevance_order
from directory.models import Initiative
from tests import factories

pytestmark = pytest.mark.django_db

# In quotes: the word is not compared with names for typos, which would rank entries otherwise.
Q = '"jardin"'


@pytest.fixture(autouse=True)
def _order_kept_from_one(monkeypatch):
    """Orders are kept from ``RANKS_FROM`` ranked results (1,000): here, from one."""
    monkeypatch.setattr(kept_ids, "RANKS_FROM", 1)


def full_ranking(q: str = Q, **filters) -> list[str]:
    """The names in the order of relevance as PostgreSQL ranks every result."""
    filterset = InitiativeFilter({"q": q, **filters}, queryset=Initiative.objects.published())
    return [entry.name for entry in filterset.qs]


def listed(client, params: dict, pages: int, start: int = 1) -> list[str]:
    """The names on pages ``start`` to ``pages`` (each requested once: a page cached since
    renders no template)."""
    names = []
    for page in range(start, pages + 1):
        response = client.get(reverse("directory:initiative_list"), {**params, "page": page})
        assert response.status_code == 200
        names += [entry.name for entry in response.context["page_obj"].object_list]
    return names


@pytest.fixture
def gardens(geography, settings):
    """Ten entries holding « jardin »: one in its name; five tied (the same summary, one-word
    names in no particular order of ids, accents and case mixed); two tied in their longer
    summaries; two in their description only (not ranked: they follow, by name)."""
    settings.DIRECTORY_PAGE_SIZE = 3
    vie = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=vie)
    made = {}
    for name, summary, description in [
        ("Jardin du Nord", "Des légumes.", ""),
        ("Zèbre", "Un jardin partagé.", ""),
        ("Les Semeurs", "Un jardin, un grand jardin.", ""),
        ("abeille", "Un jardin partagé.", ""),
        ("Orme", "Un jardin partagé.", ""),
        ("Églantine", "Un jardin partagé.", ""),
        ("La Ruche", "Un tiers-lieu.", "Avec un jardin."),
        ("Bruyère", "Un jardin partagé.", ""),
        ("Le Verger", "Un verger, un jardin et un jardin d'hiver.", ""),
        ("Atelier Vélo", "Réparer ensemble.", "Derrière le jardin."),
    ]:
        made[name] = factories.InitiativeFactory(
            name=name, summary=summary, description=description, categories=[amap]
        )
    return made


def test_every_page_lists_the_full_ranking_ties_by_name(client, gardens):
    expected = full_ranking()
    assert expected[:1] == ["Jardin du Nord"]
    assert expected[1:6] == ["abeille", "Bruyère", "Églantine", "Orme", "Zèbre"]  # tied
    assert expected[6:8] == ["Le Verger", "Les Semeurs"]  # tied
    assert expected[8:] == ["Atelier Vélo", "La Ruche"]  # found in their description only
    counts = facet_counts(InitiativeFilter({"q": Q}))
    assert counts.by_relevance is not None
    ranked = [Initiative.objects.get(pk=pk).name for pk in counts.by_relevance]
    assert ranked == expected[:8]

    # Four pages of three: the third crosses from the ranked entries to the others.
    assert listed(client, {"q": Q}, pages=4) == expected


def test_pages_of_a_filtered_search_list_its_full_ranking(client, gardens, geography):
    for name in ("Zèbre", "Orme", "Atelier Vélo"):
        factories.LocationFactory(initiative=gardens[name], commune=geography["montreuil"])
    params = {"q": Q, "departement": "seine-saint-denis"}

    assert listed(client, params, pages=1) == ["Orme", "Zèbre", "Atelier Vélo"]
    assert full_ranking(departement=["seine-saint-denis"]) == ["Orme", "Zèbre", "Atelier Vélo"]


def test_more_ranked_entries_than_listed_by_id_still_page_from_the_order(
    client, gardens, monkeypatch
):
    """Above ``LISTED_BY_ID_MAX`` results, the ranked ones are still known, in order (a common
    word's tens of thousands were ranked again in SQL on each of their pages)."""
    monkeypatch.setattr(facets_module, "LISTED_BY_ID_MAX", 4)
    counts = facet_counts(InitiativeFilter({"q": Q}))
    assert (counts.results, len(counts.by_relevance)) == (None, 8)

    assert listed(client, {"q": Q}, pages=4) == full_ranking()


def test_an_edit_moves_an_entry_on_the_next_request(client, gardens):
    assert listed(client, {"q": Q}, pages=2)[1:6] == full_ranking()[1:6]

    # A shorter summary, which ranks higher, and a rename among the tied entries.
    gardens["Orme"].summary = "Jardin."
    gardens["Orme"].save()
    gardens["Zèbre"].name = "Aulne"
    gardens["Zèbre"].save()

    with CaptureQueriesContext(connection) as queries:
        first = listed(client, {"q": Q}, pages=1)
    # The state's ids (and ranks) were brought up to date for the two entries, not read again.
    assert sum("AS kept (pk, by_text, rank) WHERE pk = ANY" in q["sql"] for q in queries) == 1
    expected = full_ranking()
    assert expected[1:6] == ["Orme", "abeille", "Aulne", "Bruyère", "Églantine"]
    assert first + listed(client, {"q": Q}, pages=4, start=2) == expected


def test_a_later_page_of_a_known_state_runs_no_ranking(client, gardens):
    """Once the state's counts are cached, a page by relevance reads the data version and its
    twenty entries, which alone are ranked (to show them in order)."""
    listed(client, {"q": Q}, pages=1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directory:initiative_list"), {"q": Q, "page": 2})
    assert [entry.name for entry in response.context["page_obj"].object_list] == [
        "Églantine",
        "Orme",
        "Zèbre",
    ]
    assert len(queries) == 2
    page_query = queries[-1]["sql"]
    assert page_query.count("ts_rank") == 1
    assert "= ANY(" in page_query


def test_ids_cached_without_their_ranks_give_no_order(gardens):
    """Ids cached before their ranks were (another release's, in a shared cache) leave the
    order to SQL rather than guessing it."""
    pk = gardens["Orme"].pk
    bits = 1 << pk
    assert relevance_order(bits, KeptIds(1, bits, 0, bits)) is None
    kept = KeptIds(1, bits, 0, bits, zlib.compress(array("f", [0.5]).tobytes()))
    assert relevance_order(bits, kept) == array("I", [pk])


def test_below_the_threshold_no_order_is_kept_and_sql_ranks_the_pages(client, gardens, monkeypatch):
    """Fewer ranked results than ``RANKS_FROM``: neither their ranks nor their order take
    room in the cache, and every page is still the full ranking's (PostgreSQL ranks them)."""
    monkeypatch.setattr(kept_ids, "RANKS_FROM", 9)
    counts = facet_counts(InitiativeFilter({"q": Q}))
    assert (counts.ranked.bit_count(), counts.by_relevance) == (8, None)

    assert listed(client, {"q": Q}, pages=4) == full_ranking()


def test_an_edit_that_brings_the_ranked_to_the_threshold_reads_the_ranks_again(
    client, gardens, monkeypatch
):
    """Ids kept without their ranks (below ``RANKS_FROM``) are read again, not patched, when
    an edit brings them to it: their ranks are needed from then on."""
    monkeypatch.setattr(kept_ids, "RANKS_FROM", 9)
    assert listed(client, {"q": Q}, pages=1)[0] == "Jardin du Nord"
    gardens["La Ruche"].summary = "Un jardin."
    gardens["La Ruche"].save()

    with CaptureQueriesContext(connection) as queries:
        first = listed(client, {"q": Q}, pages=1)
    sql = [query["sql"] for query in queries]
    assert sum("AS kept (pk, by_text, rank) WHERE pk = ANY" in each for each in sql) == 1
    assert sum('AS "pk", true AS' in each for each in sql) == 2  # the patch, then the read
    assert facet_counts(InitiativeFilter({"q": Q})).by_relevance is not None
    assert first + listed(client, {"q": Q}, pages=4, start=2) == full_ranking()


def test_an_edit_of_an_entry_the_words_do_not_rank_keeps_the_order(client, gardens):
    """An edit of an entry found in its description only (not ranked) patches the state's ids
    and leaves its ranks as they were: every page still lists the full ranking."""
    assert listed(client, {"q": Q}, pages=1)[0] == "Jardin du Nord"
    gardens["La Ruche"].description = "Avec un jardin et un verger."
    gardens["La Ruche"].save()

    with CaptureQueriesContext(connection) as queries:
        first = listed(client, {"q": Q}, pages=1)
    assert sum("AS kept (pk, by_text, rank) WHERE pk = ANY" in q["sql"] for q in queries) == 1
    assert sum('AS "pk", true AS' in q["sql"] for q in queries) == 1  # the patch alone
    (key,) = [key for key in list(cache._cache) if ":directory:kept:" in key]
    kept = cache.get(key.removeprefix(":1:"))
    # Its 8 ranked entries, with their ranks still kept (the order needs them).
    assert (kept.ranked_bits().bit_count(), len(kept.rank_values())) == (8, 8)
    assert first + listed(client, {"q": Q}, pages=4, start=2) == full_ranking()


def test_a_new_name_among_tied_entries_sorts_the_order_again_alone(client, gardens, monkeypatch):
    """A new name that the words do not rank leaves the state's counts and ids as they were:
    only the order of relevance is sorted again, for its ties by name."""
    computed = []
    count = facets_module._count
    monkeypatch.setattr(facets_module, "_count", lambda *args: computed.append(1) or count(*args))
    assert listed(client, {"q": Q}, pages=2)[1:6] == full_ranking()[1:6]

    gardens["Zèbre"].name = "Aulne"
    gardens["Zèbre"].save()

    expected = full_ranking()
    assert expected[1:6] == ["abeille", "Aulne", "Bruyère", "Églantine", "Orme"]
    assert listed(client, {"q": Q}, pages=4) == expected
    assert computed == [1]


def test_a_new_name_of_an_entry_the_order_does_not_rank_keeps_it_unsorted(
    client, gardens, monkeypatch
):
    """Only a renamed entry's place by name moves: an order of relevance that does not rank it
    is neither computed nor sorted again, and the renamed entry moves among the others."""
    sorted_orders = []
    order = facets_module.relevance_order
    monkeypatch.setattr(
        facets_module, "relevance_order", lambda *args: sorted_orders.append(1) or order(*args)
    )
    assert listed(client, {"q": Q}, pages=4)[-2:] == ["Atelier Vélo", "La Ruche"]
    assert sorted_orders == [1]

    gardens["Atelier Vélo"].name = "Ruisseau"
    gardens["Atelier Vélo"].save()

    expected = full_ranking()
    assert expected[-2:] == ["La Ruche", "Ruisseau"]
    assert listed(client, {"q": Q}, pages=4) == expected
    assert sorted_orders == [1]

    gardens["Orme"].name = "Aulne"  # ranked, tied: the order is sorted again
    gardens["Orme"].save()
    expected = full_ranking()
    assert expected[1:6] == ["abeille", "Aulne", "Bruyère", "Églantine", "Zèbre"]
    assert listed(client, {"q": Q}, pages=4) == expected
    assert sorted_orders == [1, 1]
