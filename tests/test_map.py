"""The maps: where they appear, what they are told, what the CSP lets them load."""

import html
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from directory.public.middleware import policy_with_tiles, tile_source
from tests import factories

pytestmark = pytest.mark.django_db

LEAFLET_ASSETS = [
    "leaflet/leaflet.css",
    "leaflet/leaflet.js",
    "js/map.js",
]
CLUSTER_ASSETS = [
    "leaflet-markercluster/MarkerCluster.css",
    "leaflet-markercluster/MarkerCluster.Default.css",
    "leaflet-markercluster/leaflet.markercluster.js",
]


def tag(content: str, pattern: str) -> str:
    """The first opening tag of ``content`` matching ``pattern`` (a regex)."""
    match = re.search(rf"<[a-z]+[^>]*{pattern}[^>]*>", content)
    assert match, f"no tag matching {pattern!r}"
    return match.group(0)


def attribute(element: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', element)
    return html.unescape(match.group(1)) if match else None


def results_map(content: str) -> str:
    return tag(content, 'data-map="results"')


def references_leaflet(content: str) -> bool:
    return "leaflet/leaflet.js" in content or "leaflet/leaflet.css" in content


# --- The listing's map -------------------------------------------------------------------------


def test_listing_has_a_labelled_map_hidden_until_javascript_shows_it(client, amap):
    content = client.get(reverse("directory:initiative_list")).content.decode()

    container = results_map(content)
    assert attribute(container, "role") == "region"
    assert attribute(container, "aria-label") == "Carte des résultats"
    assert re.search(r"\shidden[\s>]", container)
    toggle = tag(content, 'aria-controls="results-map"')
    assert attribute(toggle, "aria-expanded") == "false"
    assert "Afficher la carte" in content
    # The toggle's bar is hidden too: without JavaScript, no button that does nothing.
    assert re.search(r'<p class="results-map__bar" hidden>', content)


def test_listing_map_asks_for_the_same_filters(client, amap):
    params = {"departement": "seine-saint-denis", "categorie": ["amap", "vie-quotidienne"]}
    response = client.get(reverse("directory:initiative_list"), {**params, "page": "1"})

    url = attribute(results_map(response.content.decode()), "data-geojson-url")
    assert url == (
        reverse("directory:initiatives_geojson")
        + "?departement=seine-saint-denis&categorie=amap&categorie=vie-quotidienne"
    )


def test_listing_map_url_is_escaped(client, amap):
    payload = '"><script>alert(1)</script>'
    content = client.get(reverse("directory:initiative_list"), {"q": payload}).content.decode()

    assert "<script>alert(1)" not in content
    assert 'data-map="results"' not in content  # nothing found, so no map


def test_listing_map_url_of_a_search_with_markup_is_escaped(client, amap):
    """A search that finds entries and holds markup: the map is shown, and its GeoJSON URL
    carries the query encoded, never as markup."""
    q = 'AMAP -"><script>alert(1)</script>'
    content = client.get(reverse("directory:initiative_list"), {"q": q}).content.decode()

    assert "<script>alert(1)" not in content
    url = attribute(results_map(content), "data-geojson-url")
    assert url == reverse("directory:initiatives_geojson") + "?" + urlencode({"q": q})


def test_listing_map_without_filters_asks_for_everything(client, amap):
    content = client.get(reverse("directory:initiative_list")).content.decode()
    assert attribute(results_map(content), "data-geojson-url") == reverse(
        "directory:initiatives_geojson"
    )


@pytest.mark.parametrize(
    ("view", "kwargs", "expected"),
    [
        ("category", {"slug": "amap"}, "categorie=amap"),
        ("departement", {"slug": "seine-saint-denis"}, "departement=seine-saint-denis"),
        (
            "commune",
            {"departement": "seine-saint-denis", "slug": "montreuil"},
            "commune=montreuil",
        ),
    ],
)
def test_landing_page_maps_add_their_own_filter(client, amap, view, kwargs, expected):
    url = reverse(f"directory:{view}", kwargs=kwargs)
    content = client.get(url, {"forme": "association", "page": "1"}).content.decode()

    geojson_url = attribute(results_map(content), "data-geojson-url")
    assert geojson_url == f"{reverse('directory:initiatives_geojson')}?forme=association&{expected}"
    for asset in LEAFLET_ASSETS + CLUSTER_ASSETS:
        assert f"/static/{asset}" in content


def test_landing_page_map_shows_the_landing_pages_results(client, amap, geography):
    other = factories.InitiativeFactory(name="Ailleurs")
    factories.LocationFactory(initiative=other, commune=geography["paris10"])
    url = reverse("directory:departement", kwargs={"slug": "seine-saint-denis"})
    geojson_url = attribute(results_map(client.get(url).content.decode()), "data-geojson-url")

    collection = json.loads(b"".join(client.get(geojson_url).streaming_content))
    assert [f["properties"]["name"] for f in collection["features"]] == [amap.name]


def test_map_is_configured_from_settings(client, amap, settings):
    settings.MAP_TILE_URL = "https://tuiles.exemple.fr/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "Fond © Exemple & cie"

    response = client.get(reverse("directory:initiative_list"))

    container = results_map(response.content.decode())
    assert attribute(container, "data-tile-url") == "https://tuiles.exemple.fr/{z}/{x}/{y}.png"
    assert attribute(container, "data-attribution") == "Fond © Exemple & cie"
    assert (
        "img-src 'self' data: https://tuiles.exemple.fr;"
        in (response.headers["Content-Security-Policy"])
    )


def test_default_tiles_are_openstreetmap_france(client, amap):
    container = results_map(client.get(reverse("directory:initiative_list")).content.decode())
    assert attribute(container, "data-tile-url") == (
        "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"
    )
    assert "OpenStreetMap" in attribute(container, "data-attribution")


# --- Where Leaflet is loaded -------------------------------------------------------------------


def test_listing_loads_leaflet_and_clusters_without_inline_script(client, amap):
    content = client.get(reverse("directory:initiative_list")).content.decode()

    for asset in LEAFLET_ASSETS + CLUSTER_ASSETS:
        assert f"/static/{asset}" in content
    sources = [attribute(script, "src") for script in re.findall(r"<script[^>]*>", content)]
    assert sources and None not in sources  # every script is a file, none is inline
    assert " style=" not in content


def test_leaflet_is_fetched_by_the_map_script_not_by_the_page(client, amap):
    """Leaflet's stylesheets would hold up every listing's first paint and its scripts weigh
    about 50 KB compressed, for a map most visitors never open: the page names them to map.js,
    which fetches them for a map about to be shown."""
    pages = [reverse("directory:initiative_list"), amap.get_absolute_url()]
    for url, clusters in zip(pages, (True, False), strict=True):
        content = client.get(url).content.decode()
        assert not re.search(r"<link[^>]*leaflet", content), url
        assert not re.search(r"<script[^>]*\ssrc=\"[^\"]*leaflet", content), url
        script = tag(content, r'src="/static/js/map\.js"')
        scripts = ["/static/leaflet/leaflet.js"]
        styles = ["/static/leaflet/leaflet.css"]
        if clusters:
            scripts.append("/static/leaflet-markercluster/leaflet.markercluster.js")
            styles += [
                "/static/leaflet-markercluster/MarkerCluster.css",
                "/static/leaflet-markercluster/MarkerCluster.Default.css",
            ]
        assert attribute(script, "data-leaflet-scripts").split() == scripts, url
        assert attribute(script, "data-leaflet-styles").split() == styles, url


def test_map_script_is_told_the_fingerprinted_addresses_of_leaflet_and_its_markers(
    client, amap, settings, tmp_path
):
    """In production, static files have fingerprinted names: Leaflet, left to guess its marker
    images from its stylesheet's address, asked for ``marker-icon.png`` beside the page (404s,
    markers without an image). The page names each one as the storage serves it."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]

    def served(asset: str) -> str:
        assert manifest[asset] != asset  # a fingerprinted name
        assert (tmp_path / manifest[asset]).exists()
        return f"/static/{manifest[asset]}"

    content = client.get(reverse("directory:initiative_list")).content.decode()
    script = tag(content, "data-leaflet-scripts=")
    assert attribute(script, "data-marker-icon") == served("leaflet/images/marker-icon.png")
    assert attribute(script, "data-marker-icon-retina") == served(
        "leaflet/images/marker-icon-2x.png"
    )
    assert attribute(script, "data-marker-shadow") == served("leaflet/images/marker-shadow.png")
    assert attribute(script, "data-leaflet-scripts").split() == [
        served("leaflet/leaflet.js"),
        served("leaflet-markercluster/leaflet.markercluster.js"),
    ]
    assert attribute(script, "data-leaflet-styles").split() == [
        served(asset) for asset in ["leaflet/leaflet.css"] + CLUSTER_ASSETS[:2]
    ]


def test_pages_without_a_map_do_not_load_leaflet(client, amap, geography):
    online = factories.InitiativeFactory(name="En ligne", slug="en-ligne")
    pages = [
        reverse("directory:home"),
        reverse("directory:about"),
        online.get_absolute_url(),
        reverse("directory:initiative_list") + "?q=introuvable",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert not references_leaflet(content), url
        assert 'data-map="' not in content, url


def test_listing_without_results_has_no_map(client, amap):
    content = client.get(reverse("directory:initiative_list"), {"q": "introuvable"})
    assert "Afficher la carte" not in content.content.decode()


def test_map_libraries_come_from_their_packages():
    for asset in LEAFLET_ASSETS + CLUSTER_ASSETS + ["leaflet/images/marker-icon.png"]:
        assert finders.find(asset), asset


def test_collectstatic_with_hashed_names_succeeds(settings, tmp_path):
    """Production's storage rewrites the references between static files: every one that
    the map libraries make (images, source maps) must be found."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for asset in LEAFLET_ASSETS + CLUSTER_ASSETS:
        assert asset in manifest


# --- The detail page's map ---------------------------------------------------------------------


def detail_places(content: str) -> list[dict]:
    match = re.search(
        r'<script id="detail-map-places" type="application/json">(.*?)</script>', content
    )
    assert match, "no places for the map"
    return json.loads(match.group(1))


def test_detail_map_holds_the_places_as_json(client, amap):
    content = client.get(amap.get_absolute_url()).content.decode()

    assert detail_places(content) == [
        {
            "latitude": 48.8611,
            "longitude": 2.4432,
            "label": "Point de livraison",
            "commune": "Montreuil",
            "approximate": False,
        }
    ]
    container = tag(content, 'data-map="places"')
    assert attribute(container, "role") == "region"
    assert attribute(container, "aria-label")
    assert attribute(container, "data-places") == "detail-map-places"
    assert '<div class="detail-map" hidden>' in content
    for asset in LEAFLET_ASSETS:
        assert f"/static/{asset}" in content
    assert "markercluster" not in content


def test_detail_map_places_a_place_without_coordinates_at_its_commune(client, geography):
    initiative = factories.InitiativeFactory()
    factories.LocationFactory(
        initiative=initiative, commune=geography["montreuil"], latitude=None, longitude=None
    )

    [place] = detail_places(client.get(initiative.get_absolute_url()).content.decode())

    assert (place["latitude"], place["longitude"], place["approximate"]) == (
        48.8634,
        2.4485,
        True,
    )


def test_detail_without_locatable_place_has_no_map(client, geography):
    nowhere = factories.CommuneFactory(insee="93999", latitude=None, longitude=None)
    initiative = factories.InitiativeFactory()
    factories.LocationFactory(initiative=initiative, commune=nowhere, latitude=None, longitude=None)

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert "detail-map-places" not in content
    assert not references_leaflet(content)


def test_detail_map_escapes_place_labels(client, geography):
    initiative = factories.InitiativeFactory()
    factories.LocationFactory(
        initiative=initiative, commune=geography["montreuil"], label="</script><script>x()"
    )

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert "</script><script>x()" not in content
    assert detail_places(content)[0]["label"] == "</script><script>x()"


def test_detail_map_adds_no_query(client, amap, geography):
    """The map reads the places that the page already loaded: as many queries for six
    places as for one."""

    def queries() -> tuple[int, int]:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(amap.get_absolute_url())
        return len(context), len(detail_places(response.content.decode()))

    one = queries()
    for _ in range(5):
        factories.LocationFactory(initiative=amap, commune=geography["paris10"])
    six = queries()
    assert (one[1], six[1]) == (1, 6)
    assert one[0] == six[0]


# --- Content-Security-Policy -------------------------------------------------------------------


def test_csp_allows_the_default_tile_servers(client, db):
    policy = client.get(reverse("directory:home")).headers["Content-Security-Policy"]

    assert "img-src 'self' data: https://*.tile.openstreetmap.fr;" in policy
    assert "script-src 'self';" in policy
    assert "connect-src 'self';" in policy


@pytest.mark.parametrize(
    ("tile_url", "source"),
    [
        (
            "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
            "https://*.tile.openstreetmap.fr",
        ),
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.basemaps.example:8443/{z}/{x}/{y}{r}.png", "https://*.basemaps.example:8443"),
        ("/tuiles/{z}/{x}/{y}.png", ""),
        ("", ""),
    ],
)
def test_tile_source_is_the_tile_urls_host(tile_url, source):
    assert tile_source(tile_url) == source


def test_self_hosted_tiles_need_no_extra_source():
    assert "img-src 'self' data:;" in policy_with_tiles("/tuiles/{z}/{x}/{y}.png")


def test_listing_map_leaves_out_the_parameters_the_listing_refused(client, amap):
    """The GeoJSON would answer them with 400 (issue 10): the map asks for what the listing
    shows, its valid filters."""
    params = {"departement": "zz", "categorie": "amap", "creation_min": "abc", "page": "1"}
    content = client.get(reverse("directory:initiative_list"), params).content.decode()

    geojson_url = attribute(results_map(content), "data-geojson-url")
    assert geojson_url == reverse("directory:initiatives_geojson") + "?categorie=amap"
    collection = json.loads(b"".join(client.get(geojson_url).streaming_content))
    assert [f["properties"]["name"] for f in collection["features"]] == [amap.name]
