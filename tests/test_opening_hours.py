"""Opening hours (OpenStreetMap ``opening_hours``, data·inclusion's ``horaires_accueil``):
parsing and validation, the weekly schedule SQL tests and its Python twin, French public
holidays, nights past midnight, the sentences and states shown at fixed times, the
``ouvert=maintenant`` filter and its count, the page cache that must not serve a stale open
state, the admin's French error, the exports and the API; and the easy-to-read summary."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from directory.hours import clock
from directory.hours.parsing import validate_opening_hours
from directory.hours.schedule import WEEK, moment_offset, weekly_schedule
from directory.hours.state import open_state
from directory.hours.text import describe, status_text, today_text
from directory.listing import bitsets
from directory.listing.bitsets import members
from directory.listing.filters import InitiativeFilter
from directory.listing.hours import open_entries, open_now, published_hours
from directory.models import Initiative, Location
from tests import factories
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

# Monday 13 January 2025, an ordinary week; Monday 14 July 2025, a public holiday.
MONDAY = datetime.datetime(2025, 1, 13)
BASTILLE_DAY = datetime.datetime(2025, 7, 14)


@pytest.fixture
def at(monkeypatch):
    """Set the time the site thinks it is: ``at(datetime)``, a wall-clock time in Paris."""

    def freeze(local: datetime.datetime) -> None:
        aware = local.replace(tzinfo=clock.PARIS)
        monkeypatch.setattr(clock, "now", lambda: aware)

    return freeze


def place(initiative: Initiative, hours: str, commune) -> Location:
    return factories.LocationFactory(initiative=initiative, commune=commune, opening_hours=hours)


# --- Parsing and validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["Mo,Th 18:00-20:00", "Mo-Fr 09:00-12:00,14:00-17:00; PH off", "24/7", ""]
)
def test_valid_hours_pass(value):
    validate_opening_hours(value)


@pytest.mark.parametrize("value", ["lundi 18h-20h", "Mo 25:00-26:00", "Mo-Fr 9-12", "x" * 300])
def test_invalid_hours_are_refused_in_french(value):
    with pytest.raises(ValidationError) as error:
        validate_opening_hours(value)
    assert error.value.messages[0].startswith(
        "Ces horaires ne sont pas dans le format OpenStreetMap : écrivez par exemple "
        "« Mo,Th 18:00-20:00 »"
    )


def test_a_weekly_schedule_is_minutes_of_the_week_then_the_holidays_week():
    monday, thursday = 18 * 60, 3 * 24 * 60 + 18 * 60
    assert weekly_schedule("Mo,Th 18:00-20:00; PH off") == [
        (monday, monday + 120),
        (thursday, thursday + 120),
    ]
    assert weekly_schedule("Mo,Th 18:00-20:00") == [
        (monday, monday + 120),
        (thursday, thursday + 120),
        (WEEK + monday, WEEK + monday + 120),
        (WEEK + thursday, WEEK + thursday + 120),
    ]


def test_a_night_past_midnight_runs_into_the_next_day_and_the_next_week():
    friday = 4 * 24 * 60
    assert weekly_schedule("Fr 22:00-02:00; PH off") == [(friday + 22 * 60, friday + 26 * 60)]
    # Sunday night ends on Monday morning, at the start of the week.
    assert weekly_schedule("Su 22:00-02:00; PH off") == [(0, 120), (WEEK - 120, WEEK)]


def test_hours_that_depend_on_the_date_have_no_weekly_schedule():
    assert weekly_schedule("Jun-Aug Mo 10:00-12:00") is None
    assert weekly_schedule("") == []


def test_french_public_holidays_come_from_the_library():
    assert moment_offset(BASTILLE_DAY.replace(hour=12)) == WEEK + 12 * 60
    assert moment_offset(MONDAY.replace(hour=12)) == 12 * 60
    # Whit Monday, a movable holiday.
    assert moment_offset(datetime.datetime(2025, 6, 9, 12)) == WEEK + 12 * 60


# --- Sentences and states at fixed times ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Mo,Th 18:00-20:00", "lundi et jeudi, 18 h–20 h"),
        (
            "Mo-Fr 09:00-12:00,14:00-17:30; PH off",
            "du lundi au vendredi, 9 h–12 h et 14 h–17 h 30 ; fermé les jours fériés",
        ),
        (
            "Mo,We,Fr 10:00-12:00; Sa 09:00-13:00",
            "lundi, mercredi et vendredi, 10 h–12 h ; samedi, 9 h–13 h",
        ),
        ("Fr 22:00-02:00", "vendredi, 22 h–2 h"),
        (
            "Mo-Fr 09:00-12:00; PH 10:00-11:00",
            "du lundi au vendredi, 9 h–12 h ; jours fériés, 10 h–11 h",
        ),
        ("24/7", "tous les jours, 24 h sur 24"),
        ("Jun-Aug Mo 10:00-12:00", None),
        ("off", "fermé"),
    ],
)
def test_hours_read_as_a_french_sentence(value, text):
    assert describe(value) == text


def test_hours_read_in_english_on_english_pages():
    with translation.override("en"):
        assert describe("Mo,Th 18:00-20:00; PH off") == (
            "Monday and Thursday, 18:00–20:00; closed on public holidays"
        )
        state = open_state(["Mo,Th 18:00-20:00"], MONDAY.replace(hour=17))
        assert status_text(state) == "Opens at 18:00"


@pytest.mark.parametrize(
    ("moment", "status", "today"),
    [
        (MONDAY.replace(hour=17), "Ouvre à 18 h", "Aujourd'hui : 18 h–20 h"),
        (MONDAY.replace(hour=19), "Ouvert maintenant, jusqu'à 20 h", "Aujourd'hui : 18 h–20 h"),
        (MONDAY.replace(hour=21), "Fermé pour aujourd'hui", "Aujourd'hui : 18 h–20 h"),
        (MONDAY.replace(day=14, hour=12), "Fermé aujourd'hui", "Fermé aujourd'hui"),
        (BASTILLE_DAY.replace(hour=17), "Fermé aujourd'hui", "Fermé aujourd'hui"),
    ],
)
def test_the_state_at_a_fixed_time(moment, status, today):
    state = open_state(["Mo,Th 18:00-20:00; PH off"], moment)
    assert (status_text(state), today_text(state)) == (status, today)


def test_a_night_is_open_after_midnight():
    saturday_one = datetime.datetime(2025, 1, 18, 1, 0)
    state = open_state(["Fr 22:00-02:00"], saturday_one)
    assert status_text(state) == "Ouvert maintenant, jusqu'à 2 h"
    friday_late = datetime.datetime(2025, 1, 17, 23, 0)
    assert today_text(open_state(["Fr 22:00-02:00"], friday_late)) == "Aujourd'hui : 22 h–2 h"


def test_several_places_are_open_when_one_is():
    state = open_state(["Mo 08:00-10:00", "Mo 09:00-12:00"], MONDAY.replace(hour=11))
    assert status_text(state) == "Ouvert maintenant, jusqu'à 12 h"
    assert open_state(["", "not hours"], MONDAY) is None


# --- The filter, in SQL, and its Python twin ------------------------------------------------------

AGREEMENT_HOURS = [
    "Mo,Th 18:00-20:00; PH off",
    "Mo-Fr 09:00-12:00,14:00-17:00",
    "Fr 22:00-02:00",
    "Su 22:00-02:00; PH off",
    "PH 10:00-12:00",
    "24/7",
    "Jun-Aug Mo 10:00-12:00",
]


@pytest.fixture
def entries_with_hours(geography):
    entries = {}
    for index, hours in enumerate(AGREEMENT_HOURS):
        entry = factories.InitiativeFactory(name=f"Lieu {index}", slug=f"lieu-{index}")
        place(entry, hours, geography["montreuil"])
        entries[hours] = entry
    closed = factories.InitiativeFactory(name="Sans horaires", slug="sans-horaires")
    place(closed, "", geography["montreuil"])
    return entries


def test_the_sql_filter_and_the_python_count_agree_with_the_library(entries_with_hours):
    """Every half hour of an ordinary week, of a summer week and of a public holiday: the
    entries the SQL keeps, those the bitsets count, and those the library says open."""
    hours = published_hours()
    starts = [MONDAY - datetime.timedelta(hours=1), BASTILLE_DAY, datetime.datetime(2025, 7, 7)]
    moments = [
        start + datetime.timedelta(minutes=30 * step)
        for start in starts
        for step in range(2 * 24 * (7 if start != BASTILLE_DAY else 1))
    ]
    for moment in moments:
        expected = {
            entry.pk
            for value, entry in entries_with_hours.items()
            if open_state([value], moment).is_open
        }
        in_sql = set(open_now(Initiative.objects.published(), moment).values_list("pk", flat=True))
        assert in_sql == expected, moment
        assert set(members(open_entries(hours, moment))) == expected, moment


def test_the_filter_keeps_what_is_open_now_and_counts_it(at, entries_with_hours):
    at(MONDAY.replace(hour=19))
    filterset = InitiativeFilter({"ouvert": "maintenant"})
    names = set(filterset.qs.values_list("name", flat=True))
    assert names == {"Lieu 0", "Lieu 5"}  # Monday evening and 24/7


def test_the_listing_filters_and_counts_at_the_time_of_the_request(
    client, at, entries_with_hours, django_assert_num_queries
):
    """The open-now count comes from the bitsets: no query of its own (the listing's five)."""
    url = reverse("directory:initiative_list")
    at(MONDAY.replace(hour=19))
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.context["open_option"].count == 2
    assert response.context["page_obj"].paginator.count == 8
    page = response.content.decode()
    assert page.count("Ouvert maintenant, jusqu&#x27;à 20 h") == 1
    assert page.count("Ouvert maintenant</li>") == 1  # 24/7

    # The data version, the ids the filter keeps, the page (the rest is built or cached).
    with django_assert_num_queries(3):
        response = client.get(url, {"ouvert": "maintenant"})
    assert [card.name for card in response.context["initiatives"]] == ["Lieu 0", "Lieu 5"]
    assert response.context["open_option"].checked

    at(MONDAY.replace(hour=21))  # the page cache must not answer 19:00's page
    response = client.get(url, {"ouvert": "maintenant"})
    assert [card.name for card in response.context["initiatives"]] == ["Lieu 5"]
    response = client.get(url)
    assert response.context["open_option"].count == 1


def test_a_cached_page_is_served_until_the_next_change_of_an_open_state(
    client, at, entries_with_hours
):
    url = reverse("directory:initiative_list")
    at(MONDAY.replace(hour=19))
    first = client.get(url)
    # Monday 19:00: the next change is Monday evening's close at 20:00.
    assert first["ETag"].endswith('.202501132000"')
    assert "max-age=60" in first["Cache-Control"]  # the listing's own, shorter
    at(MONDAY.replace(hour=19, minute=30))
    again = client.get(url)
    assert again.context is None  # from the page cache
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    at(MONDAY.replace(hour=20))
    later = client.get(url, headers={"if-none-match": first["ETag"]})
    assert later.status_code == 200
    assert later.context is not None  # rendered again, not taken from the cache
    assert later.context["open_option"].count == 1
    # Nothing changes again on Monday after 20:00: midnight, when the day's hours change.
    assert later["ETag"].endswith('.202501140000"')


def test_an_edit_of_hours_changes_the_count_at_once(client, at, geography):
    entry = factories.InitiativeFactory(name="Jardin", slug="jardin")
    spot = place(entry, "Mo 08:00-10:00", geography["montreuil"])
    url = reverse("directory:initiative_list")
    at(MONDAY.replace(hour=9))
    assert client.get(url).context["open_option"].count == 1
    spot.opening_hours = "Tu 08:00-10:00"
    spot.save()
    assert client.get(url).context["open_option"].count == 0


def test_a_wrong_value_of_the_filter_is_shown_and_ignored(client, entries_with_hours):
    response = client.get(reverse("directory:initiative_list"), {"ouvert": "toujours"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 8
    assert "ouvert" in response.context["form"].errors


def test_machine_endpoints_refuse_a_wrong_value_and_filter_a_right_one(
    client, at, entries_with_hours
):
    assert client.get("/api/v1/initiatives/", {"ouvert": "toujours"}).status_code == 400
    at(MONDAY.replace(hour=19))
    response = client.get("/api/v1/initiatives/", {"ouvert": "maintenant"})
    assert [item["nom"] for item in response.json()["resultats"]] == ["Lieu 0", "Lieu 5"]
    assert response["ETag"].endswith('.202501132000"')  # stored until Monday's 20:00 close
    export = client.get(reverse("directory:initiatives_json"), {"ouvert": "maintenant"})
    assert "ETag" not in export
    records = json.loads(b"".join(export.streaming_content))["initiatives"]
    assert [record["horaires_accueil"] for record in records] == [
        "Mo,Th 18:00-20:00; PH off",
        "24/7",
    ]


# --- Pages, exports, API, admin ------------------------------------------------------------


def test_the_detail_page_shows_hours_and_the_state_now(client, at, amap, django_assert_num_queries):
    spot = amap.locations.get()
    spot.opening_hours = "Mo,Th 18:00-20:00; PH off"
    spot.save()
    amap.easy_read = "On achète des légumes.\nUn paysan les apporte."
    amap.save()
    at(MONDAY.replace(hour=17))
    # The detail page's five (tests/test_views.py): hours and the easy-read text are columns.
    with django_assert_num_queries(5):
        response = client.get(amap.get_absolute_url())
    page = response.content.decode()
    assert "<strong>Ouvre à 18 h</strong>" in page
    assert "Horaires d'accueil : lundi et jeudi, 18 h–20 h ; fermé les jours fériés" in page
    assert "<summary>Lire en FALC (facile à lire et à comprendre)</summary>" in page
    assert "<p>On achète des légumes.<br>Un paysan les apporte.</p>" in page
    assert response["ETag"].endswith('.202501131800"')


def test_the_detail_page_in_english(client, at, amap):
    spot = amap.locations.get()
    spot.opening_hours = "Mo,Th 18:00-20:00"
    spot.save()
    at(MONDAY.replace(hour=19))
    page = client.get("/en" + amap.get_absolute_url()).content.decode()
    assert "<strong>Open now, until 20:00</strong>" in page
    assert "Opening hours: Monday and Thursday, 18:00–20:00" in page


def test_the_api_and_the_geojson_carry_the_hours(client, amap):
    spot = amap.locations.get()
    spot.opening_hours = "Mo,Th 18:00-20:00"
    spot.save()
    amap.easy_read = "Des légumes."
    amap.save()
    item = client.get(f"/api/v1/initiatives/{amap.slug}/").json()
    assert item["horaires_accueil"] == "Mo,Th 18:00-20:00"
    assert item["lieux"][0]["horaires_accueil"] == "Mo,Th 18:00-20:00"
    assert item["presentation_facile_a_lire"] == "Des légumes."
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    place_schema = schema["components"]["schemas"]["Lieu"]["properties"]["horaires_accueil"]
    assert "data·inclusion" in place_schema["description"]
    geojson = client.get(reverse("directory:initiatives_geojson"))
    features = json.loads(b"".join(geojson.streaming_content))["features"]
    assert features[0]["properties"]["horaires_accueil"] == "Mo,Th 18:00-20:00"


def test_the_admin_refuses_wrong_hours_in_french(curator_client, geography):
    entry = factories.InitiativeFactory()
    spot = Location(commune=geography["montreuil"], is_primary=True, opening_hours="lundi 18h")
    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[entry.pk]), form_data(entry, [spot])
    )
    assert response.status_code == 200
    assert "Ces horaires ne sont pas dans le format OpenStreetMap" in response.content.decode()
    assert not entry.locations.exists()


def test_the_admin_saves_hours_and_their_schedule(curator_client, geography):
    entry = factories.InitiativeFactory()
    spot = Location(
        commune=geography["montreuil"], is_primary=True, opening_hours="Mo 18:00-20:00; PH off"
    )
    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[entry.pk]), form_data(entry, [spot])
    )
    assert response.status_code == 302
    saved = entry.locations.get()
    assert [(r.lower, r.upper) for r in saved.schedule] == [(1080, 1200)]


def test_bitsets_hold_the_published_hours(entries_with_hours):
    built = bitsets.build(timezone.localdate())
    assert len(built.options[bitsets.HOURS]) == 6
    assert list(built.options[bitsets.IRREGULAR_HOURS]) == ["Jun-Aug Mo 10:00-12:00"]
