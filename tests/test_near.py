"""Near a place: ``autour`` (commune or position) and ``rayon`` keep, sort and show distances."""

import pytest
from django.urls import reverse

from directory.db.geo import Point
from directory.listing.filters import InitiativeFilter
from directory.models import Initiative, initiative_queryset
from tests import factories

pytestmark = pytest.mark.django_db

# Montreuil's centre, and points due east of it.
MONTREUIL = (48.8634, 2.4485)


@pytest.fixture
def places(geography):
    """Three entries 0, about 3.7 and about 14.7 km east of Montreuil; one without place."""
    bagnolet = factories.CommuneFactory(
        insee="93006",
        name="Bagnolet",
        slug="bagnolet",
        latitude=48.8634,
        longitude=2.4985,
        postcodes=["93170"],
    )
    chelles = factories.CommuneFactory(
        insee="77108",
        name="Chelles",
        slug="chelles",
        latitude=48.8634,
        longitude=2.6485,
        departement=factories.DepartementFactory(code="77", slug="seine-et-marne"),
        postcodes=["77500"],
    )
    made = {}
    for key, commune in (
        ("ici", geography["montreuil"]),
        ("proche", bagnolet),
        ("loin", chelles),
    ):
        made[key] = factories.InitiativeFactory(name=f"Initiative {key}")
        factories.LocationFactory(initiative=made[key], commune=commune, is_primary=True)
    made["nulle-part"] = factories.InitiativeFactory(name="Initiative en ligne")
    return made


def names(data):
    filterset = InitiativeFilter(data, queryset=Initiative.objects.published())
    return [initiative.name for initiative in filterset.qs]


def test_radius_keeps_entries_within_that_distance(places):
    assert names({"autour": "montreuil", "rayon": "5"}) == [
        "Initiative ici",
        "Initiative proche",
    ]
    assert names({"autour": "montreuil", "rayon": "20"}) == [
        "Initiative ici",
        "Initiative proche",
        "Initiative loin",
    ]


@pytest.mark.parametrize("value", ["montreuil", "Montreuil", "93048", "93100", "48.8634,2.4485"])
def test_place_is_a_commune_slug_name_insee_postcode_or_position(places, value):
    assert names({"autour": value, "rayon": "1"}) == ["Initiative ici"]


def test_default_radius_is_ten_km(places):
    assert names({"autour": "montreuil"}) == ["Initiative ici", "Initiative proche"]


def test_distance_is_the_default_order_and_is_annotated(places):
    filterset = InitiativeFilter(
        {"autour": "chelles", "rayon": "50"}, queryset=Initiative.objects.published()
    )
    results = list(filterset.qs)
    assert [i.name for i in results] == ["Initiative loin", "Initiative proche", "Initiative ici"]
    assert results[0].distance == pytest.approx(0, abs=0.01)
    assert results[1].distance == pytest.approx(11.0, abs=0.3)
    assert results[2].distance == pytest.approx(14.7, abs=0.3)


def test_place_without_coordinates_uses_its_commune_centroid(places, geography):
    initiative = factories.InitiativeFactory(name="Sans coordonnées")
    factories.LocationFactory(
        initiative=initiative, commune=geography["montreuil"], latitude=None, longitude=None
    )
    assert "Sans coordonnées" in names({"autour": "montreuil", "rayon": "1"})


@pytest.mark.parametrize(
    "params", [{"autour": "Atlantide"}, {"autour": "43.3,5.4"}, {"rayon": "-3"}, {"rayon": "x"}]
)
def test_invalid_place_or_radius_is_reported_and_ignored(client, places, params):
    response = client.get(reverse("directory:initiative_list"), params)
    assert response.status_code == 200
    assert "Certains filtres ont été ignorés" in response.content.decode()
    assert response.context["page_obj"].paginator.count == 4


def test_listing_shows_each_distance_and_a_removable_filter(client, places):
    response = client.get(
        reverse("directory:initiative_list"), {"autour": "montreuil", "rayon": "5"}
    )
    content = response.content.decode()
    assert "à 3,7 km" in content
    assert "Autour de : Montreuil (5 km)" in content
    assert 'href="?"' in content  # removing it removes the radius too


def test_listing_near_a_place_stays_within_the_query_budget(
    client, places, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(
            reverse("directory:initiative_list"),
            {"autour": "montreuil", "rayon": "20", "q": "initiative", "categorie": "x"},
        )


def test_similar_initiatives_are_nearest_first(client, places):
    kind = factories.KindFactory()
    for initiative in places.values():
        initiative.categories.add(kind)
    response = client.get(places["ici"].get_absolute_url())
    assert [i.name for i in response.context["similar"]] == [
        "Initiative proche",
        "Initiative loin",
        "Initiative en ligne",
    ]


def test_point_dataclass():
    assert Point(*MONTREUIL, "ici").label == "ici"


@pytest.mark.parametrize("step_places", [16384, 1])
def test_similar_initiatives_at_one_distance_are_chosen_by_name(
    client, places, monkeypatch, step_places
):
    """Entries placed at one commune's centre are as near as each other: the first by name;
    the same when the index steps read too few places (every entry of the kind is compared)."""
    monkeypatch.setattr(initiative_queryset, "SIMILAR_STEP_PLACES", step_places)
    kind = factories.KindFactory()
    places["ici"].categories.add(kind)
    bagnolet = places["proche"].locations.get().commune
    for name in ("Delta", "Alpha", "Echo", "Charlie", "Bravo", "Foxtrot"):
        other = factories.InitiativeFactory(name=name, categories=[kind])
        factories.LocationFactory(initiative=other, commune=bagnolet, is_primary=True)
        other.locations.create(commune=bagnolet)  # a second place, just as near
    response = client.get(places["ici"].get_absolute_url())
    assert [i.name for i in response.context["similar"]] == ["Alpha", "Bravo", "Charlie", "Delta"]
