"""A page in the order by name, chosen among known results (``directory.listing.name_order``):
walking the order or sorting the results gives the same page."""

from array import array

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.listing import name_order
from directory.listing.bitsets import bitset
from directory.models import Initiative
from tests import factories

pytestmark = pytest.mark.django_db

NAMES = ["Bois", "Atelier", "Jardin", "Ferme", "Cantine", "Épicerie", "Dépôt", "Garage", "Halle"]


@pytest.fixture
def entries():
    made = {name: factories.InitiativeFactory(name=name) for name in NAMES}
    factories.DraftInitiativeFactory(name="Brouillon")
    return made


@pytest.mark.parametrize("strategy", ["walk", "sort"])
def test_each_way_gives_the_pages_in_french_alphabetical_order(entries, monkeypatch, strategy):
    # Walking costs nothing (the walk is chosen), or everything (the sort is).
    monkeypatch.setattr(name_order, "WALK_PER_ID", 0 if strategy == "walk" else 10**9)
    chosen = [entries[name].pk for name in ("Bois", "Épicerie", "Garage", "Atelier", "Halle")]
    draft = Initiative.objects.get(name="Brouillon").pk

    def names(ids: list[int]) -> list[str]:
        by_pk = dict(Initiative.objects.values_list("pk", "name"))
        return [by_pk[pk] for pk in ids]

    for candidates in (bitset(chosen), array("I", sorted(chosen)), bitset([*chosen, draft])):
        pages = [name_order.page_by_name(candidates, skip, 2) for skip in (0, 2, 4, 6)]
        assert [names(page) for page in pages] == [
            ["Atelier", "Bois"],
            ["Épicerie", "Garage"],
            ["Halle"],
            [],
        ]


def test_no_candidate_gives_an_empty_page(entries):
    assert name_order.page_by_name(0, 0, 20) == []
    assert name_order.page_by_name(array("I"), 0, 20) == []


def test_the_whole_listing_pages_through_the_order_once_a_process_has_it(
    client, entries, kinds, settings, monkeypatch, django_assert_num_queries
):
    """Every published entry, by name: once this process has read the order for another page,
    each page is a slice of it, chosen by its ids (no OFFSET), in one query more than the data
    version's."""
    settings.DIRECTORY_PAGE_SIZE = 4
    monkeypatch.setattr("directory.listing.state.NAME_ORDER_FROM", 0)
    # Results are known up to two: the whole listing's are not.
    monkeypatch.setattr("directory.listing.facets.LISTED_BY_ID_MAX", 2)
    Initiative.objects.get(name="Halle").categories.add(kinds["amap"])
    url = reverse("directory:initiative_list")
    client.get(url, {"categorie": "amap"})  # reads the order

    pages = []
    for number in (1, 2, 3):
        # The data version, the page with its cards.
        with django_assert_num_queries(2) as queries:
            response = client.get(url, {"page": number})
        assert "OFFSET" not in queries.captured_queries[-1]["sql"]
        pages.append([initiative.name for initiative in response.context["initiatives"]])

    assert pages == [
        ["Atelier", "Bois", "Cantine", "Dépôt"],
        ["Épicerie", "Ferme", "Garage", "Halle"],
        ["Jardin"],
    ]
    assert response.context["page_obj"].paginator.count == 9


def test_a_few_known_results_take_their_page_from_the_order_once_the_process_has_it(
    client, entries, kinds, settings
):
    """Fewer than ``NAME_ORDER_FROM`` results: the database chooses the page (``OFFSET``)
    while this process has not read the order, then the order does, with the same pages and
    no query more."""
    settings.DIRECTORY_PAGE_SIZE = 2
    for name in ("Jardin", "Bois", "Halle"):
        Initiative.objects.get(name=name).categories.add(kinds["amap"])
    url = reverse("directory:initiative_list")

    def pages() -> tuple[list[list[str]], list[bool], list[int]]:
        names, offsets, counts = [], [], []
        for number in (1, 2):
            cache.clear()  # the page rendered again, with its counts
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"categorie": "amap", "page": number})
            names.append([initiative.name for initiative in response.context["initiatives"]])
            offsets.append("OFFSET" in queries.captured_queries[-1]["sql"])
            counts.append(len(queries))
        return names, offsets, counts

    client.get(url)  # (the process builds its facets' bitsets)
    by_the_database = pages()
    name_order.name_order()  # as another page, with more results, would have it read
    from_the_order = pages()

    assert by_the_database[:2] == ([["Bois", "Halle"], ["Jardin"]], [False, True])
    assert from_the_order[:2] == ([["Bois", "Halle"], ["Jardin"]], [False, False])
    assert from_the_order[2] == by_the_database[2]
