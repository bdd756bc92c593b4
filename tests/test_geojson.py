"""``/initiatives.geojson``: the listing's results as GeoJSON points, streamed."""

import gzip
import itertools
import json
from unittest import mock

import pytest
from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse

from directory.listing import exports
from directory.models import LATITUDE_RANGE, LONGITUDE_RANGE, Status
from directory.models.data_version import data_version
from directory.public import exports as export_views
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("directory:initiatives_geojson")


def get_geojson(client, params=None) -> dict:
    """Fetch the export and parse it, checking what every answer must be."""
    response = client.get(URL, params or {})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(b"".join(response.streaming_content))


def feature_names(collection: dict) -> list[str]:
    return [feature["properties"]["name"] for feature in collection["features"]]


@pytest.fixture
def places(geography):
    """A domain with two kinds; published entries in Montreuil (93) and Paris 10e (75)."""
    domain = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=domain)
    sel = factories.KindFactory(name="SEL", slug="sel", parent=domain)
    montreuil = factories.InitiativeFactory(
        name="AMAP de Montreuil",
        slug="amap-de-montreuil",
        summary="Des paniers de légumes.",
        categories=[amap],
    )
    factories.LocationFactory(
        initiative=montreuil,
        commune=geography["montreuil"],
        latitude=48.8611,
        longitude=2.4432,
        is_primary=True,
    )
    paris = factories.InitiativeFactory(
        name="SEL du Faubourg", slug="sel-du-faubourg", summary="Un SEL.", categories=[sel]
    )
    factories.LocationFactory(
        initiative=paris,
        commune=geography["paris10"],
        latitude=48.8760,
        longitude=2.3608,
        is_primary=True,
    )
    return {"amap": amap, "sel": sel, "montreuil": montreuil, "paris": paris}


# --- Structure ---------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_of_points(client, places):
    collection = get_geojson(client)

    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        assert set(feature["properties"]) == {
            "name",
            "url",
            "summary",
            "commune",
            "approximate",
            "horaires_accueil",
        }


def test_coordinates_are_longitude_then_latitude_within_ile_de_france(client, places):
    """RFC 7946 §3.1.1: longitude first; in Île-de-France that is the smaller number."""
    collection = get_geojson(client)

    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    assert by_name["AMAP de Montreuil"]["geometry"]["coordinates"] == [2.4432, 48.8611]
    for feature in collection["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
        assert LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]


def test_properties_link_to_the_detail_page(client, places):
    collection = get_geojson(client)

    feature = next(
        f for f in collection["features"] if f["properties"]["name"] == "AMAP de Montreuil"
    )
    assert feature["properties"] == {
        "name": "AMAP de Montreuil",
        "url": "http://testserver" + places["montreuil"].get_absolute_url(),
        "summary": "Des paniers de légumes.",
        "commune": "Montreuil",
        "approximate": False,
        "horaires_accueil": None,
    }


def test_response_is_a_named_inline_download(client, places):
    response = client.get(URL)
    assert response["Content-Disposition"] == 'inline; filename="initiatives.geojson"'


def test_names_with_quotes_and_markup_stay_valid_json(client, geography):
    name = 'Le « Bon » "coin" <b>&</b> \\ ✓'
    initiative = factories.InitiativeFactory(name=name)
    factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])

    assert feature_names(get_geojson(client)) == [name]


# --- What is on the map ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.ARCHIVED])
def test_only_published_initiatives_are_exported(client, places, geography, status):
    hidden = factories.DraftInitiativeFactory(name="Pas encore publiée", status=status)
    factories.LocationFactory(initiative=hidden, commune=geography["montreuil"])

    assert "Pas encore publiée" not in feature_names(get_geojson(client))


def test_one_feature_per_place(client, places, geography):
    factories.LocationFactory(
        initiative=places["montreuil"], commune=geography["paris10"], label="Second lieu"
    )

    names = feature_names(get_geojson(client))
    assert names.count("AMAP de Montreuil") == 2


def test_place_without_coordinates_stands_at_its_communes_centre(client, geography):
    initiative = factories.InitiativeFactory(name="Sans adresse précise")
    factories.LocationFactory(
        initiative=initiative, commune=geography["montreuil"], latitude=None, longitude=None
    )

    [feature] = get_geojson(client)["features"]
    assert feature["geometry"]["coordinates"] == [2.4485, 48.8634]
    assert feature["properties"]["approximate"] is True


def test_places_that_cannot_be_located_are_left_out(client, geography):
    nowhere = factories.CommuneFactory(insee="93999", latitude=None, longitude=None)
    unlocated = factories.InitiativeFactory(name="Commune sans centre")
    factories.LocationFactory(initiative=unlocated, commune=nowhere, latitude=None, longitude=None)
    factories.InitiativeFactory(name="En ligne, sans lieu")

    assert get_geojson(client)["features"] == []


# --- Same parameters as the listing ------------------------------------------------------------


def test_departement_filter(client, places):
    assert feature_names(get_geojson(client, {"departement": "paris"})) == ["SEL du Faubourg"]


def test_category_filter_and_domain_includes_its_kinds(client, places):
    assert feature_names(get_geojson(client, {"categorie": "amap"})) == ["AMAP de Montreuil"]
    assert sorted(feature_names(get_geojson(client, {"categorie": "vie-quotidienne"}))) == [
        "AMAP de Montreuil",
        "SEL du Faubourg",
    ]


def test_search_filter(client, places):
    assert feature_names(get_geojson(client, {"q": "paniers légumes"})) == ["AMAP de Montreuil"]


def test_commune_filter(client, places):
    assert feature_names(get_geojson(client, {"commune": "93100"})) == ["AMAP de Montreuil"]


def test_features_follow_the_listings_sort(client, places):
    places["montreuil"].year_founded = 1990
    places["montreuil"].save()
    places["paris"].year_founded = 2015
    places["paris"].save()

    by_name = feature_names(get_geojson(client, {"tri": "nom"}))
    assert by_name == ["AMAP de Montreuil", "SEL du Faubourg"]
    assert feature_names(get_geojson(client, {"tri": "anciennete"})) == by_name
    assert feature_names(get_geojson(client, {"tri": "recent"})) == by_name[::-1]


@pytest.mark.parametrize(
    "params",
    [
        {"departement": "zz"},
        {"categorie": "n-existe-pas"},
        {"commune": "Atlantide"},
        {"creation_min": "deux-mille"},
        {"creation_max": "-1"},
        {"forme": "sarl"},
        {"tri": "au-hasard"},
    ],
)
def test_invalid_parameters_are_refused_not_ignored(client, places, params):
    """Issue 10: a machine endpoint never answers a wrong filter with unfiltered data; the
    body names the parameter (its whole shape: tests/test_parameters.py)."""
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    [name] = params
    assert list(response.json()["erreurs"]) == [name]
    assert response.json()["erreurs"][name]["valeur"] == params[name]


@pytest.mark.parametrize("params", [{"page": "abc"}, {"inconnu": '<script>alert("x")</script>'}])
def test_unknown_parameters_are_ignored(client, places, params):
    assert len(get_geojson(client, params)["features"]) == 2


@pytest.mark.parametrize("query", ["x" * 5000, "\x00 nul", "!!(&| ':*", '"', "<b>", "-"])
def test_odd_searches_give_a_valid_answer(client, places, query):
    assert get_geojson(client, {"q": query})["type"] == "FeatureCollection"


def test_one_invalid_parameter_refuses_the_request_with_valid_ones(client, places):
    response = client.get(URL, {"departement": "paris", "creation_min": "abc"})
    assert response.status_code == 400
    assert list(response.json()["erreurs"]) == ["creation_min"]


def test_departement_by_code(client, places):
    """Issue 10: ``departement=93`` used to give every entry."""
    assert feature_names(get_geojson(client, {"departement": "75"})) == ["SEL du Faubourg"]
    assert feature_names(get_geojson(client, {"departement": "93"})) == ["AMAP de Montreuil"]


def test_commune_by_insee_code(client, places):
    assert feature_names(get_geojson(client, {"commune": "93048"})) == ["AMAP de Montreuil"]


def test_response_is_compressed_for_clients_that_accept_it(client, places):
    response = client.get(URL, headers={"accept-encoding": "gzip"})

    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    collection = json.loads(gzip.decompress(b"".join(response.streaming_content)))
    assert len(collection["features"]) == 2


def test_only_get_and_head_are_allowed(client, places):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


# --- Queries and streaming ---------------------------------------------------------------------


def test_query_count_does_not_grow_with_places(client, geography, django_assert_num_queries):
    """Protects the export from a query per row (URL, commune or category lookups): the
    data version (ETag), the FilterSet's categories and départements, then one query for all
    the places."""
    kind = factories.KindFactory(slug="amap")

    def export_with(count: int) -> None:
        for initiative in factories.InitiativeFactory.create_batch(count, categories=[kind]):
            factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])
        cache.clear()
        with django_assert_num_queries(4):
            collection = json.loads(
                b"".join(client.get(URL, {"categorie": "amap"}).streaming_content)
            )
        return len(collection["features"])

    assert export_with(3) == 3
    assert export_with(27) == 30


def test_rows_are_read_through_a_chunked_cursor(client, places):
    """The export iterates the queryset (a server-side cursor on PostgreSQL) rather than
    loading it: memory stays bounded at 100,000 initiatives."""
    chunk_sizes = []
    iterator = QuerySet.iterator

    def spy(queryset, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return iterator(queryset, chunk_size=chunk_size)

    with mock.patch.object(QuerySet, "iterator", spy):
        collection = get_geojson(client)

    assert chunk_sizes == [export_views.CHUNK_SIZE]
    assert len(collection["features"]) == 2


def test_response_is_written_in_several_chunks(client, geography):
    for initiative in factories.InitiativeFactory.create_batch(12):
        factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])

    with mock.patch.object(exports, "FEATURES_PER_WRITE", 5):
        response = client.get(URL)
        chunks = list(response.streaming_content)

    # The opening, three batches of up to five features (the last one with the closing).
    assert len(chunks) == 4
    assert len(json.loads(b"".join(chunks))["features"]) == 12


ROW = ("amap", "AMAP", "Des paniers.", 48.86, 2.44, "Montreuil", 48.86, 2.45)


def test_stream_produces_text_as_rows_come():
    """Fed an endless supply of rows, the stream still hands out its first chunks: nothing
    is collected before writing."""
    stream = exports.feature_collection(itertools.repeat(ROW), "/initiatives/", "/")

    first, second = itertools.islice(stream, 2)

    assert first == b'{"type":"FeatureCollection","features":['
    assert second.count(b'"type":"Feature"') == exports.FEATURES_PER_WRITE


def test_stream_reads_nothing_until_asked_and_closes_the_cursor():
    """No query runs for a response that is never read (HEAD), and the cursor is closed
    with the response, even half read."""
    state = {"fetched": 0, "closed": False}

    def rows():
        try:
            while True:
                state["fetched"] += 1
                yield ROW
        finally:
            state["closed"] = True

    stream = exports.feature_collection(rows(), "/initiatives/", "/")
    assert state == {"fetched": 0, "closed": False}
    next(stream)
    next(stream)
    stream.close()
    assert state == {"fetched": exports.FEATURES_PER_WRITE, "closed": True}


def test_empty_export_is_a_valid_empty_collection(client, db):
    """With the licence, producer and date of the data as foreign members (issue 10; their
    values: tests/test_exports.py)."""
    changed_at = data_version().changed_at
    assert get_geojson(client) == {
        "type": "FeatureCollection",
        **exports.metadata(changed_at),
        "features": [],
    }


def test_place_point_prefers_the_places_own_coordinates():
    assert exports.place_point(48.1, 2.1, 48.5, 2.5) == (2.1, 48.1, False)
    assert exports.place_point(None, None, 48.5, 2.5) == (2.5, 48.5, True)
    assert exports.place_point(None, None, None, None) is None
    assert exports.place_point(48.12345678, 2.98765432, None, None) == (2.987654, 48.123457, False)
