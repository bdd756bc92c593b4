"""An entry's page and its similar entries come from statements prepared once per connection,
with the same results once PostgreSQL plans them generically; and without prepared statements
when the settings turn them off."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from directory.db.prepared import compiled_raw
from directory.listing.filters import InitiativeFilter
from directory.models import Initiative
from tests import factories

pytestmark = pytest.mark.django_db

ENTRY_ROW = 'AS "has_relations"'
SIMILAR = "-- found: the nearest entries"
# PostgreSQL plans a prepared statement for its parameters five times, then may keep a
# generic plan: more visits than that reach it.
VISITS = 8


@pytest.fixture
def neighbours(geography):
    """Nine entries of one kind in Montreuil, each a little further east than the last."""
    kind = factories.KindFactory()
    entries = []
    for number in range(9):
        entry = factories.InitiativeFactory(name=f"Voisin {number}", categories=[kind])
        factories.LocationFactory(
            initiative=entry,
            commune=geography["montreuil"],
            latitude=48.8634,
            longitude=2.4485 + number * 0.01,
            is_primary=True,
        )
        entries.append(entry)
    return entries


def executions(fragment: str) -> int:
    """How many times this connection ran its prepared statements holding ``fragment``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            [f"%{fragment}%"],
        )
        return int(cursor.fetchone()[0])


def similar_names(client, entry) -> list[str]:
    cache.clear()  # the page rendered again, its queries run again
    response = client.get(entry.get_absolute_url())
    assert response.status_code == 200
    return [similar.name for similar in response.context["similar"]]


def test_each_visit_runs_the_prepared_statements_of_the_entry_and_its_neighbours(
    client, neighbours
):
    rows, similar = executions(ENTRY_ROW), executions(SIMILAR)
    for entry in neighbours[:VISITS]:
        similar_names(client, entry)
    assert executions(ENTRY_ROW) - rows == VISITS
    assert executions(SIMILAR) - similar == VISITS


def test_similar_entries_stay_the_same_under_a_generic_plan(client, neighbours):
    first = similar_names(client, neighbours[0])
    for _ in range(VISITS):
        again = similar_names(client, neighbours[0])
    assert first == ["Voisin 1", "Voisin 2", "Voisin 3", "Voisin 4"]
    assert again == first


def test_without_prepared_statements_the_page_is_the_same(client, neighbours):
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    # What DATABASE_PREPARED_STATEMENTS=0 sets (innovation_site/settings.py).
    connection.connection.prepare_threshold = None
    try:
        rows = executions(ENTRY_ROW)
        names = similar_names(client, neighbours[0])
        assert executions(ENTRY_ROW) == rows
    finally:
        connection.connection.prepare_threshold = threshold
    assert names == ["Voisin 1", "Voisin 2", "Voisin 3", "Voisin 4"]


def listed_names(client, params: dict[str, str]) -> list[str]:
    cache.clear()
    response = client.get(reverse("directory:initiative_list"), params)
    assert response.status_code == 200
    return [entry.name for entry in response.context["page_obj"].object_list]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"categorie": "KIND"}, 'AS "opening_hours_values"'),
        ({"q": '"voisin"'}, "ts_headline"),  # (in quotes: no names compared for typos)
        ({"q": "voisin", "tri": "nom"}, "ts_headline"),
    ],
)
def test_a_listing_page_runs_the_prepared_statement_of_its_cards(
    client, neighbours, monkeypatch, params, fragment
):
    """A page whose ids are known (by name among known results, by relevance from the kept
    order) gets its cards from a prepared statement, the same at every visit."""
    monkeypatch.setattr("directory.listing.state.NAME_ORDER_FROM", 0)
    monkeypatch.setattr("directory.listing.kept_ids.RANKS_FROM", 1)
    if params.get("categorie") == "KIND":
        params = {"categorie": neighbours[0].categories.get().slug}
    before = executions(fragment)
    names = [listed_names(client, params) for _ in range(VISITS)]
    assert executions(fragment) - before == VISITS
    assert names[0] == [f"Voisin {number}" for number in range(9)]
    assert names[-1] == names[0]


def test_a_query_without_its_marker_is_refused(db):
    def build(slug: str):
        return Initiative.objects.filter(slug="always the same")

    with pytest.raises(ValueError, match="a marker is not a parameter of its own"):
        compiled_raw(Initiative, "test: no marker", build, ("\x00slug",), ("amap",))


def test_each_value_goes_where_its_marker_was(db):
    factories.InitiativeFactory(name="Alpha", slug="alpha")
    factories.InitiativeFactory(name="Bravo", slug="bravo")

    def build(first: str, second: str):
        return Initiative.objects.filter(Q(slug=first) | Q(name=second)).order_by("name")

    markers = ("\x00first", "\x00second")
    found = compiled_raw(Initiative, "test: two markers", build, markers, ("alpha", "Bravo"))
    assert [entry.name for entry in found] == ["Alpha", "Bravo"]
    found = compiled_raw(Initiative, "test: two markers", build, markers, ("bravo", "Nobody"))
    assert [entry.name for entry in found] == ["Bravo"]


def test_prepared_instances_hold_what_the_orm_gives(geography):
    """Every field as the ORM reads it (dates, choices, arrays, JSON), the selected expressions
    as attributes, and its instances from the database (saving one updates its row)."""
    entry = factories.InitiativeFactory(
        name="Gamma",
        slug="gamma",
        other_names=["Γ", "G"],
        principles=["collective", "decisions-communes"],
        year_founded=2012,
    )
    factories.LocationFactory(initiative=entry, commune=geography["montreuil"])

    def build(slug: str):
        return Initiative.objects.filter(slug=slug).for_page()

    (found,) = compiled_raw(Initiative, "test: every field", build, ("\x00slug",), ("gamma",))
    expected = Initiative.objects.for_page().get(slug="gamma")
    for field in Initiative._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert found.place_rows == expected.place_rows
    assert found._state.adding is False
    found.summary = "Changée."
    found.save(update_fields=["summary"])
    assert Initiative.objects.get(pk=entry.pk).summary == "Changée."


def test_a_page_among_ranked_entries_without_their_order_is_one_prepared_statement(
    client, neighbours, monkeypatch, settings
):
    """Fewer ranked entries than ``RANKS_FROM`` (their order not kept): PostgreSQL chooses the
    page among them and reads its cards in one statement whose slice is two parameters, the
    same for every page. (In quotes: no names compared for typos, which ranks no entry apart.)"""
    q = '"voisin"'
    monkeypatch.setattr("directory.listing.kept_ids.RANKS_FROM", 1000)
    settings.DIRECTORY_PAGE_SIZE = 4
    before = executions("LIMIT $")
    pages = []
    for _ in range(3):
        for page in (1, 2, 3):
            cache.clear()
            response = client.get(reverse("directory:initiative_list"), {"q": q, "page": page})
            assert response.status_code == 200
            pages.append([entry.name for entry in response.context["page_obj"].object_list])
    assert executions("LIMIT $") - before == 9
    expected = [entry.name for entry in _full_ranking(q)]
    assert pages[:3] == [expected[0:4], expected[4:8], expected[8:9]]
    assert pages[6:] == pages[:3]


def _full_ranking(q: str) -> list:
    filterset = InitiativeFilter({"q": q}, queryset=Initiative.objects.published())
    return list(filterset.qs)
