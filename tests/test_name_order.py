"""A page in the order by name, chosen among known results (``directory.listing.name_order``):
walking the order or sorting the results gives the same page."""

from array import array

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.listing import name_order
from directory.listing.bitsets import bitset
from directory.models import Initiative, Status
from directory.models.data_version import changed_everything, data_version, serving
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


@pytest.mark.parametrize("published_from", [9, 10])
def test_from_name_order_from_entries_the_whole_listing_reads_the_order_for_its_pages(
    client, entries, settings, monkeypatch, published_from
):
    """From ``NAME_ORDER_FROM`` published entries (9 here), the whole listing's first page by
    name reads the order, once; then every page is a slice of it (no OFFSET), in the data
    version's query and the cards'. Below (10), the database chooses each page, and the order
    is not read. The same pages either way."""
    settings.DIRECTORY_PAGE_SIZE = 4
    monkeypatch.setattr("directory.listing.state.NAME_ORDER_FROM", published_from)
    monkeypatch.setattr("directory.listing.facets.LISTED_BY_ID_MAX", 2)
    url = reverse("directory:initiative_list")

    pages, offsets, reads, counts = [], [], [], []
    for number in (3, 1, 2):  # (the first also builds the process's facets' bitsets)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page": number})
        pages.append([initiative.name for initiative in response.context["initiatives"]])
        offsets.append("OFFSET" in queries.captured_queries[-1]["sql"])
        reads.append(order_reads(queries.captured_queries))
        counts.append(len(queries))

    reads_the_order = published_from == 9
    assert pages == [
        ["Jardin"],
        ["Atelier", "Bois", "Cantine", "Dépôt"],
        ["Épicerie", "Ferme", "Garage", "Halle"],
    ]
    assert reads == ([(1, 0), (0, 0), (0, 0)] if reads_the_order else [(0, 0)] * 3)
    # Page 1 needs no OFFSET either way.
    assert offsets == ([False] * 3 if reads_the_order else [True, False, True])
    assert counts[1:] == [2, 2]  # the data version, the page with its cards


Pages = tuple[list[list[str]], list[bool], list[int]]


def before_and_after_the_order(client, params: dict, numbers: tuple[int, ...]) -> list[Pages]:
    """The pages ``numbers`` of the listing ``params`` (the names on each, whether its last
    query has an ``OFFSET``, its number of queries), before this process has read the name
    order, then once it has (as another page, with more results, would have it read)."""
    url = reverse("directory:initiative_list")
    client.get(url)  # (the process builds its facets' bitsets)
    both = []
    for _ in range(2):
        names, offsets, counts = [], [], []
        for number in numbers:
            cache.clear()  # the page rendered again, with its counts
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, {**params, "page": number})
            names.append([initiative.name for initiative in response.context["initiatives"]])
            offsets.append("OFFSET" in queries.captured_queries[-1]["sql"])
            counts.append(len(queries))
        both.append((names, offsets, counts))
        name_order.name_order()
    return both


def test_a_few_known_results_take_their_page_from_the_order_once_the_process_has_it(
    client, entries, kinds, settings
):
    """Fewer than ``NAME_ORDER_FROM`` results: the database chooses the page (``OFFSET``)
    while this process has not read the order, then the order does, with the same pages and
    no query more."""
    settings.DIRECTORY_PAGE_SIZE = 2
    for name in ("Jardin", "Bois", "Halle"):
        Initiative.objects.get(name=name).categories.add(kinds["amap"])
    by_the_database, from_the_order = before_and_after_the_order(
        client, {"categorie": "amap"}, (1, 2)
    )

    assert by_the_database[:2] == ([["Bois", "Halle"], ["Jardin"]], [False, True])
    assert from_the_order[:2] == ([["Bois", "Halle"], ["Jardin"]], [False, False])
    assert from_the_order[2] == by_the_database[2]


def test_a_search_past_its_ranked_results_takes_its_page_from_the_order_once_loaded(
    client, entries, settings
):
    """Past the entries a search's words rank, every result ranks 0 and follows by name: among
    fewer than ``NAME_ORDER_FROM``, the database chooses that page while this process has not
    read the order, then the order does, with the same pages and no query more."""
    settings.DIRECTORY_PAGE_SIZE = 2
    for name in ("Jardin", "Bois"):
        Initiative.objects.filter(name=name).update(summary="Une ressourcerie.")
    for name in ("Halle", "Atelier", "Garage"):
        Initiative.objects.filter(name=name).update(
            summary="Un autre lieu.", description="Avec une ressourcerie."
        )
    by_the_database, from_the_order = before_and_after_the_order(
        client, {"q": '"ressourcerie"'}, (2, 3)
    )

    # Page 1: the two ranked (« ressourcerie » in their summaries); then the others, by name.
    assert by_the_database[:2] == ([["Atelier", "Garage"], ["Halle"]], [False, True])
    assert from_the_order[:2] == ([["Atelier", "Garage"], ["Halle"]], [False, False])
    assert from_the_order[2] == by_the_database[2]


def served_order() -> list[str]:
    """The names in the process's order by name, as a public page has it."""
    with serving(data_version()):
        ids = name_order.name_order().tolist()
    by_pk = dict(Initiative.objects.values_list("pk", "name"))
    return [by_pk[pk] for pk in ids]


def order_reads(queries) -> tuple[int, int]:
    """How many queries read the whole order, and how many placed changed entries in it."""
    sql = [query["sql"] for query in queries]
    return (
        sum("string_agg(int8send(id)" in each for each in sql),
        sum("AS other" in each or "directory_initiative other" in each for each in sql),
    )


def test_a_few_changes_bring_the_order_up_to_date_where_postgresql_puts_them(entries):
    """New names (one before every other, one tied with another name, accents), a publication
    and an unpublication: the order comes out as PostgreSQL's ``ORDER BY name, id``, without
    being read again."""
    assert served_order() == sorted(
        NAMES, key=lambda name: name.replace("É", "E").replace("é", "e")
    )
    Initiative.objects.filter(pk=entries["Jardin"].pk).update(name="Abeille")
    Initiative.objects.filter(pk=entries["Bois"].pk).update(name="Garage")  # tied, a lower id
    Initiative.objects.filter(pk=entries["Halle"].pk).update(name="Écluse")
    Initiative.objects.filter(name="Brouillon").update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    Initiative.objects.filter(pk=entries["Ferme"].pk).update(status=Status.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        patched = served_order()
    assert order_reads(queries) == (0, 1)
    assert patched == [
        "Abeille",
        "Atelier",
        "Brouillon",
        "Cantine",
        "Dépôt",
        "Écluse",
        "Épicerie",
        "Garage",
        "Garage",
    ]
    with serving(data_version()):
        ids = name_order.name_order().tolist()
    assert ids[-2:] == [entries["Bois"].pk, entries["Garage"].pk]
    assert ids == list(name_order._read())


def test_ties_changed_together_keep_the_order_by_id(entries):
    served_order()
    for name in ("Garage", "Cantine", "Dépôt"):
        Initiative.objects.filter(pk=entries[name].pk).update(name="Moulin")
    with CaptureQueriesContext(connection) as queries:
        patched = served_order()
    assert order_reads(queries) == (0, 1)
    assert patched[-4:] == ["Jardin", "Moulin", "Moulin", "Moulin"]
    with serving(data_version()):
        ids = name_order.name_order().tolist()
    assert ids[-3:] == sorted(entries[name].pk for name in ("Garage", "Cantine", "Dépôt"))
    assert ids == list(name_order._read())


def test_many_changes_or_a_bulk_statement_read_the_order_again(entries, monkeypatch):
    monkeypatch.setattr(name_order, "PATCH_AT_MOST", 1)
    served_order()
    for name in ("Garage", "Cantine"):
        Initiative.objects.filter(pk=entries[name].pk).update(name=f"Z {name}")
    with CaptureQueriesContext(connection) as queries:
        assert served_order()[-2:] == ["Z Cantine", "Z Garage"]
    assert order_reads(queries) == (1, 0)
    changed_everything(facets=True)
    with CaptureQueriesContext(connection) as queries:
        served_order()
    assert order_reads(queries) == (1, 0)
