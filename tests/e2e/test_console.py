"""The pages that ``manage.py lighthouse`` audits, as production serves them (gunicorn, DEBUG off,
fingerprinted static files): no error in the browser's console and no failed request to the
site, on a desktop and a phone, with and without their map.

Lighthouse's best-practices score counts every console error, and it is not run in CI: these
tests are its guard. The errors it found were the site's icon (none, so /favicon.ico was a 404),
Leaflet's marker images (guessed from the fingerprinted stylesheet's address, so asked beside
the page: 404) and map tiles refused without network. The tile servers are out of reach here
too: each tile request is answered with a blank tile, as the network would answer it, so that
the production tile URL and its Content-Security-Policy source stay in play.
"""

from __future__ import annotations

import io
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from directory.benchmark.server import Server
from directory.lighthouse.runner import pages
from directory.models import Category
from tests import factories
from tests.servers import database_url, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DETAIL_SLUG = "seine-saint-denis-2"  # an AMAP of directory_data, in Bobigny
HOME, LISTING, DETAIL = pages(DETAIL_SLUG)


@pytest.fixture(scope="module")
def production(django_db_setup, tmp_path_factory) -> Iterator[Server]:
    """gunicorn with production settings on the test database, static files collected."""
    server = Server(
        free_port(),
        workers=1,
        static_root=tmp_path_factory.mktemp("static"),
        environment={"DATABASE_URL": database_url(), "MAP_TILE_URL": settings.MAP_TILE_URL},
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def blank_tile() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), "#f3f5f2").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def pages_data(directory_data):
    """directory_data, and an AMAP of Seine-Saint-Denis with a place of its own, so that the
    listing's map shows a marker beside the cluster of the entries placed in Bobigny."""
    factories.LocationFactory(
        initiative=factories.InitiativeFactory(
            name="AMAP des Murs à pêches",
            slug="amap-des-murs-a-peches",
            categories=[Category.objects.get(slug="amap")],
        ),
        commune=directory_data["geography"]["montreuil"],
        latitude=48.8611,
        longitude=2.4432,
        is_primary=True,
    )
    return directory_data


def open_watched(new_page, production, blank_tile, viewport):
    """A page whose console errors, script errors and failed requests to the site are noted
    in the list returned beside it; every request to another host gets ``blank_tile``."""
    page = new_page(viewport)
    origin = production.base_url + "/"
    problems: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_response(response) -> None:
        if response.url.startswith(origin) and response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    def on_failure(request) -> None:
        if request.url.startswith(origin):
            problems.append(f"failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_failure)
    page.route(
        lambda url: not url.startswith(origin),
        lambda route: route.fulfill(status=200, content_type="image/png", body=blank_tile),
    )
    return page, problems


MARKER_IMAGES_LOADED = """() => {
    const images = [...document.querySelectorAll("img.leaflet-marker-icon")];
    return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);
}"""


def open_map(page, path: str) -> None:
    """Open the listing's map, or scroll to the detail page's; wait for its marker images."""
    if path == LISTING.path:
        page.get_by_role("button", name="Afficher la carte").click()
        map_region = page.get_by_role("region", name="Carte des résultats")
    else:
        map_region = page.get_by_role("region", name="Carte des lieux de l'initiative")
        map_region.scroll_into_view_if_needed()
    expect(map_region).to_have_attribute("data-map-state", "ready")
    page.wait_for_function(MARKER_IMAGES_LOADED)


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
@pytest.mark.parametrize(
    "path", [HOME.path, LISTING.path, DETAIL.path], ids=["home", "listing", "detail"]
)
def test_page_logs_no_error_and_every_request_to_the_site_succeeds(
    viewport, path, production, new_page, blank_tile, pages_data
):
    """As loaded (the desktop's detail map is in view already), then with the map shown."""
    page, problems = open_watched(new_page, production, blank_tile, viewport)
    page.goto(production.base_url + path)
    expect(page.locator("h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert problems == []

    if path != HOME.path:
        open_map(page, path)
        page.wait_for_load_state("networkidle")
        assert problems == []


class IconLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.icons: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "icon" and values.get("href"):
            self.icons.append(values["href"])


def test_the_site_icon_is_served_where_pages_name_it_and_at_favicon_ico(production):
    with urllib.request.urlopen(production.base_url + HOME.path, timeout=10) as response:
        links = IconLinks()
        links.feed(response.read().decode())
    assert len(links.icons) == 2  # an ICO, and an SVG for the browsers that prefer it

    for address in [*links.icons, "/favicon.ico"]:
        with urllib.request.urlopen(production.base_url + address, timeout=10) as response:
            assert response.status == 200, address
            assert response.headers["Content-Type"].startswith("image/"), address
            assert response.read(), address
