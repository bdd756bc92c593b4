"""What a filter state's filters other than facets keep is cached across data versions: after
an edit, only the entries it changed are read again (``directory.listing.kept_ids``), and
every page shows what a computation from scratch shows."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.benchmark import data
from directory.listing import facets, kept_ids, name_order
from directory.listing.filters import InitiativeFilter
from directory.models import Initiative, Location, Status
from directory.models.data_version import data_version, serving
from tests import factories

pytestmark = pytest.mark.django_db

PATCH_MARK = "AS kept (pk, by_text, rank)"


def kept_queries(client, params: dict) -> tuple[tuple[int, int, int], object]:
    """How many queries read the ids a state keeps for all entries, for the entries changed
    since (the patch), and the log of changes for them; and the listing's response."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directory:initiative_list"), params)
    assert response.status_code == 200
    sql = [query["sql"] for query in queries]
    patches = sum(PATCH_MARK in each for each in sql)
    reads = sum('AS "pk", true AS' in each for each in sql) - patches
    # (The facets' bitsets read the log too, in their own query: not counted here.)
    log = sum(each.startswith("SELECT initiative_id FROM directory_change") for each in sql)
    return (reads, patches, log), response


def shown(response) -> tuple[int, list[str], dict[str, int]]:
    """The total, the names of the page's results, and each département's count."""
    context = response.context
    return (
        context["page_obj"].paginator.count,
        [entry.name for entry in context["page_obj"]],
        {option.value: option.count for option in context["departement_options"]},
    )


def from_scratch(client, params: dict) -> tuple[int, list[str], dict[str, int]]:
    cache.clear()
    (reads, patches, log), response = kept_queries(client, params)
    assert (reads, patches, log) == (1, 0, 0)
    return shown(response)


@pytest.fixture
def gardens(geography):
    made = {}
    for key, name, summary, commune in [
        ("potager", "Le Potager de Montreuil", "Un potager partagé.", "montreuil"),
        ("verger", "Le Verger", "Un verger et un potager.", "paris10"),
        ("atelier", "L'Atelier vélo", "Réparer son vélo soi-même.", "montreuil"),
        ("cafe", "Le Café associatif", "Un café où l'on se retrouve.", "paris10"),
    ]:
        made[key] = factories.InitiativeFactory(name=name, summary=summary)
        factories.LocationFactory(initiative=made[key], commune=geography[commune])
    return made


def test_an_edit_reads_again_only_the_entry_it_changed(client, gardens):
    before, response = kept_queries(client, {"q": "potager"})
    assert before == (1, 0, 0)
    assert shown(response)[0] == 2

    cafe = gardens["cafe"]
    cafe.summary = "Un café, et son potager sur le toit."
    cafe.save()
    after, response = kept_queries(client, {"q": "potager", "tri": "nom"})
    assert after == (0, 1, 1)
    total, names, departements = shown(response)
    assert total == 3
    assert names == ["Le Café associatif", "Le Potager de Montreuil", "Le Verger"]
    assert departements == {"paris": 2, "seine-saint-denis": 1}
    assert from_scratch(client, {"q": "potager", "tri": "nom"}) == (total, names, departements)


def test_entries_unpublished_deleted_or_no_longer_matching_leave_at_once(client, gardens):
    kept_queries(client, {"q": "potager"})
    Initiative.objects.filter(pk=gardens["verger"].pk).update(status=Status.DRAFT)
    after, response = kept_queries(client, {"q": "potager", "page": "1"})
    assert after == (0, 1, 1)
    assert shown(response)[:2] == (1, ["Le Potager de Montreuil"])

    gardens["potager"].delete()
    after, response = kept_queries(client, {"q": "potager", "tri": "nom"})
    assert after == (0, 1, 1)
    assert shown(response)[0] == 0

    Initiative.objects.filter(pk=gardens["verger"].pk).update(status=Status.PUBLISHED)
    gardens["verger"].refresh_from_db()
    gardens["verger"].summary = "Un verger."
    gardens["verger"].save()
    after, response = kept_queries(client, {"q": "verger"})
    assert after == (1, 0, 0)  # another word: another state, read in full
    assert shown(response)[:2] == (1, ["Le Verger"])


def test_several_edits_are_patched_together(client, gardens):
    kept_queries(client, {"q": "potager"})
    for key in ("atelier", "cafe"):
        gardens[key].summary = "Un potager."
        gardens[key].save()
    after, response = kept_queries(client, {"q": "potager"})
    assert after == (0, 1, 1)
    assert shown(response)[0] == 4
    unchanged, response = kept_queries(client, {"q": "potager", "page": "1"})
    assert unchanged == (0, 0, 0)  # the counts of this data version, cached
    assert shown(response)[0] == 4


def test_an_edit_of_nothing_the_state_reads_costs_only_the_log(client, gardens):
    kept_queries(client, {"q": "potager"})
    factories.SourceFactory()  # a new data version, no entry changed
    after, response = kept_queries(client, {"q": "potager", "page": "1"})
    assert after == (0, 0, 1)
    assert shown(response)[0] == 2


def test_a_place_moved_is_read_again_around_a_place(client, gardens, geography):
    params = {"autour": "montreuil", "rayon": "2", "tri": "nom"}
    before, response = kept_queries(client, params)
    assert before == (1, 0, 0)
    assert shown(response)[1] == ["L'Atelier vélo", "Le Potager de Montreuil"]

    paris = geography["paris10"]
    Location.objects.filter(initiative=gardens["atelier"]).update(
        commune=paris, latitude=paris.latitude, longitude=paris.longitude
    )
    after, response = kept_queries(client, {**params, "page": "1"})
    assert after == (0, 1, 1)
    assert shown(response)[1] == ["Le Potager de Montreuil"]
    assert from_scratch(client, {**params, "page": "1"}) == shown(response)


def test_more_changes_than_patched_read_the_state_again(client, gardens, monkeypatch):
    monkeypatch.setattr(kept_ids, "PATCH_AT_MOST", 1)
    kept_queries(client, {"q": "potager"})
    Initiative.objects.filter(pk__in=[gardens["atelier"].pk, gardens["cafe"].pk]).update(
        summary="Un potager."
    )
    after, response = kept_queries(client, {"q": "potager", "page": "1"})
    assert after == (1, 0, 1)
    assert shown(response)[0] == 4


def test_a_search_whose_name_comparison_turns_off_is_read_again(client, gardens, monkeypatch):
    """« antropia » is found by comparing names while its full text finds fewer entries than
    ``COMPARE_NAMES_BELOW`` (here 1): an edit that makes the full text find one stops the
    comparison, which changes more than the entry edited."""
    monkeypatch.setattr("directory.listing.kept.COMPARE_NAMES_BELOW", 1)
    factories.InitiativeFactory(name="Antropia", summary="Un incubateur.")
    before, response = kept_queries(client, {"q": "antropa"})
    assert before == (1, 0, 0)
    assert shown(response)[:2] == (1, ["Antropia"])

    gardens["cafe"].summary = "Le café d'antropa."
    gardens["cafe"].save()
    after, response = kept_queries(client, {"q": "antropa", "page": "1"})
    assert after == (1, 1, 1)  # the patch tells, then the ids are read again
    assert shown(response)[:2] == (1, ["Le Café associatif"])


def test_a_search_whose_name_comparison_turns_on_is_read_again(client, gardens, monkeypatch):
    """While its full text finds ``COMPARE_NAMES_BELOW`` entries or more (here 2), a search's
    patch reads the changed entries by full text alone; an edit that brings it below starts
    the comparison of names (« Antropia » for « antropa »), and its ids are read again."""
    monkeypatch.setattr("directory.listing.kept.COMPARE_NAMES_BELOW", 2)
    factories.InitiativeFactory(name="Antropia", summary="Un incubateur.")
    for key in ("cafe", "atelier"):
        gardens[key].summary = "Le lieu d'antropa."
        gardens[key].save()
    before, response = kept_queries(client, {"q": "antropa", "tri": "nom"})
    assert before == (1, 0, 0)
    assert shown(response)[:2] == (2, ["L'Atelier vélo", "Le Café associatif"])

    gardens["potager"].summary = "Un potager d'antropa."
    gardens["potager"].save()
    with CaptureQueriesContext(connection) as queries:
        after, response = kept_queries(client, {"q": "antropa", "tri": "nom", "page": "1"})
    assert after == (0, 1, 1)
    assert shown(response)[:2] == (
        3,
        ["L'Atelier vélo", "Le Café associatif", "Le Potager de Montreuil"],
    )
    (patch,) = [query["sql"] for query in queries if PATCH_MARK in query["sql"]]
    assert "cardinality" not in patch  # the full text alone

    for key in ("cafe", "atelier"):
        gardens[key].summary = "Un lieu."
        gardens[key].save()
    after, response = kept_queries(client, {"q": "antropa", "tri": "nom"})
    assert after == (1, 1, 1)  # the patch tells, then the ids are read again
    assert shown(response)[:2] == (2, ["Antropia", "Le Potager de Montreuil"])
    assert from_scratch(client, {"q": "antropa", "tri": "nom"})[:2] == shown(response)[:2]


def test_the_log_of_an_edit_is_read_once_for_every_state(client, gardens):
    kept_queries(client, {"q": "potager"})
    kept_queries(client, {"q": "verger"})
    gardens["cafe"].summary = "Un café, un verger, un potager."
    gardens["cafe"].save()
    after, response = kept_queries(client, {"q": "potager"})
    assert after == (0, 1, 1)
    assert shown(response)[0] == 3
    after, response = kept_queries(client, {"q": "verger"})
    assert after == (0, 1, 0)  # the same span of versions: its log is known
    assert shown(response)[0] == 2


def test_a_states_statement_is_compiled_once_per_process(client, gardens, monkeypatch):
    compiled = []
    kept_rows = InitiativeFilter.kept_rows

    def counted(filterset):
        compiled.append(filterset.data.get("q"))
        return kept_rows(filterset)

    monkeypatch.setattr(InitiativeFilter, "kept_rows", counted)
    monkeypatch.setattr(facets, "STATEMENTS_KEPT", 2)
    for words in ("potager", "verger", "potager", "café"):
        kept_queries(client, {"q": words})
        gardens["cafe"].summary = f"Un café, un verger, un potager ({words})."
        gardens["cafe"].save()
    assert compiled == ["potager", "verger", "café"]
    assert len(facets._statements) == 2  # the oldest went
    after, response = kept_queries(client, {"q": "potager"})
    assert after == (0, 1, 1)  # compiled again: the same statement, whose ids are patched
    assert compiled == ["potager", "verger", "café", "potager"]
    assert shown(response)[0] == 3


def test_statements_log_the_entries_they_change():
    def logged() -> list[int | None]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT initiative_id FROM directory_change ORDER BY initiative_id")
            return [pk for (pk,) in cursor.fetchall()]

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_change")
        cursor.execute(
            "INSERT INTO directory_change (version, initiative_id, changed_at) VALUES (1, 1, %s)",
            [timezone.now() - datetime.timedelta(days=2)],
        )
    first, second = factories.InitiativeFactory(), factories.InitiativeFactory()
    assert logged() == [first.pk, second.pk]  # and the row of two days ago went
    factories.LocationFactory(initiative=second)
    assert logged() == [first.pk, second.pk, second.pk, second.pk]  # the place, its entry

    Initiative.objects.bulk_create(
        factories.InitiativeFactory.build(slug=f"lot-{index}") for index in range(1001)
    )
    assert logged()[-1] is None  # more than 1,000 entries: every entry may have changed


def test_the_benchmark_empties_the_kept_ids(client, gardens):
    """Its cache misses start from nothing: every entry is logged as changed."""
    kept_queries(client, {"q": "potager"})
    data.bump_data_version()
    after, response = kept_queries(client, {"q": "potager", "page": "1"})
    assert after == (1, 0, 1)
    assert shown(response)[0] == 2


def test_the_name_order_is_read_again_only_when_a_name_or_status_changes(
    gardens, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the facets' version, the order
        first = name_order.name_order().tolist()
    gardens["potager"].summary = "Un autre résumé."
    gardens["potager"].save()
    with django_assert_num_queries(1):
        assert name_order.name_order().tolist() == first
    gardens["atelier"].name = "Zèbre, atelier vélo"
    gardens["atelier"].save()
    with django_assert_num_queries(2):
        renamed = name_order.name_order().tolist()
    assert [Initiative.objects.get(pk=pk).name for pk in renamed] == [
        "Le Café associatif",
        "Le Potager de Montreuil",
        "Le Verger",
        "Zèbre, atelier vélo",
    ]


def _statement_of(params: dict, monkeypatch) -> kept_ids.Statement:
    """The statement of the ids that the state ``params`` keeps, as its counts read it."""
    read = []
    original = kept_ids._read

    def spy(statement, version):
        read.append(statement)
        return original(statement, version)

    monkeypatch.setattr(kept_ids, "_read", spy)
    request = RequestFactory().get(reverse("directory:initiative_list"), params)
    with serving(data_version()):
        facets.facet_counts(InitiativeFilter(request.GET, request=request))
    monkeypatch.setattr(kept_ids, "_read", original)
    (statement,) = read
    return statement


@pytest.mark.parametrize(
    ("q", "sizes"),
    [
        ("potager", (2, 0, 2)),  # found by full text, both ranked
        ("Potagr de Montreuil", (0, 1, 0)),  # a typo: found by comparing names only
        ("verger", (1, 0, 1)),
    ],
)
def test_a_state_read_in_one_row_keeps_what_its_rows_say(gardens, monkeypatch, q, sizes):
    """The ids and ranks read as four values side by side (``READ_SQL``) are those of the
    statement's rows, one by one (ranks kept here from one ranked entry)."""
    monkeypatch.setattr(kept_ids, "RANKS_FROM", 1)
    database, sql, params = _statement_of({"q": q}, monkeypatch)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        by_rows = kept_ids._from_rows(7, cursor.fetchall(), 0, 0)

    in_one_row = kept_ids._read((database, sql, params), 7)

    assert in_one_row == by_rows
    kept = (in_one_row.exact_bits(), in_one_row.compared_bits(), in_one_row.ranked_bits())
    assert tuple(bits.bit_count() for bits in kept) == sizes
    assert len(in_one_row.rank_values()) == sizes[2]
