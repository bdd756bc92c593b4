"""A detail page printed and shared, in a real Chromium: with print media it is a clean sheet
(no navigation, map, filters nor actions; black on white; external links' addresses; its own
address at the bottom) and prints to PDF; « Partager par courriel » carries the exact mailto.
"""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TILES = re.compile(r"^https://[a-z]\.tile\.openstreetmap\.fr/")
BLACK = "rgb(0, 0, 0)"
NO_BACKGROUND = "rgba(0, 0, 0, 0)"


def encoded(url: str) -> str:
    """``url`` (an http address with a port, a path and nothing else) as the mailto's body
    carries it: every « : » and « / » percent-encoded."""
    return url.replace(":", "%3A").replace("/", "%2F")


@pytest.fixture
def cafe(transactional_db, geography):
    source = factories.SourceFactory(
        title="Un café qui nourrit le quartier", url="https://journal.example/cafe-montreuil"
    )
    initiative = factories.InitiativeFactory(
        name="Le Café & l'Épicerie",
        slug="cafe-epicerie",
        summary="Un café associatif.\nDes repas à prix libre.",
        website="https://cafe-epicerie.example/",
        sources=[source],
    )
    factories.LocationFactory(initiative=initiative, commune=geography["montreuil"])
    return initiative


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_detail_page_prints_as_a_clean_sheet_with_its_address(
    live_server, new_page, assert_accessible, cafe, viewport
):
    address = live_server.url + cafe.get_absolute_url()
    page = new_page(viewport)
    page.route(TILES, lambda route: route.abort())
    page.goto(address)

    # On screen: navigation, breadcrumbs, the map and the actions; the sheet's address is not
    # shown.
    navigation = page.get_by_role("navigation", name="Navigation principale")
    breadcrumbs = page.get_by_role("navigation", name="Fil d'Ariane")
    detail_map = page.locator(".detail-map")
    share = page.get_by_role("link", name="Partager par courriel")
    report = page.get_by_role("link", name=re.compile("Signaler une erreur"))
    page_address = page.locator(".page-address")
    for shown in (navigation, breadcrumbs, detail_map, share, report):
        expect(shown).to_be_visible()
    expect(page_address).to_be_hidden()
    expect(share).to_have_attribute(
        "href",
        "mailto:?subject=Le%20Caf%C3%A9%20%26%20l%27%C3%89picerie"
        "&body=Un%20caf%C3%A9%20associatif.%0D%0ADes%20repas%20%C3%A0%20prix%20libre."
        f"%0D%0A%0D%0A{encoded(address)}",
    )
    detail_map.scroll_into_view_if_needed()
    expect(page.get_by_role("region", name="Carte des lieux de l'initiative")).to_have_attribute(
        "data-map-state", "ready"
    )
    assert_accessible(page)

    # Printed: none of the site's navigation, map or actions, its own address at the bottom.
    page.emulate_media(media="print")
    for gone in (navigation, breadcrumbs, detail_map, share, report, page.locator(".skip-link")):
        expect(gone).to_be_hidden()
    expect(page.locator(".leaflet-control-zoom")).to_be_hidden()
    expect(page_address).to_be_visible()
    expect(page_address).to_have_text(
        f"Fiche de l'annuaire Innovation sociale en Île-de-France : {address}"
    )
    for footer_link in ("Proposer une initiative", "Mentions légales"):
        expect(page.locator("footer").get_by_role("link", name=footer_link)).to_be_hidden()

    # Black on white, and the addresses of the external links after them.
    expect(page.locator("body")).to_have_css("color", BLACK)
    expect(page.locator(".lead")).to_have_css("color", BLACK)
    expect(page.get_by_role("link", name="Un café qui nourrit le quartier")).to_have_css(
        "color", BLACK
    )
    expect(page.locator(".detail__facts")).to_have_css("background-color", NO_BACKGROUND)
    expect(page.locator(".site-header")).to_have_css("background-color", NO_BACKGROUND)

    def after(link) -> str:
        return link.evaluate("link => getComputedStyle(link, '::after').content")

    assert after(page.get_by_role("link", name="Un café qui nourrit le quartier")) == (
        '" (https://journal.example/cafe-montreuil)"'
    )
    assert after(page.get_by_role("link", name="cafe-epicerie.example/")) == (
        '" (https://cafe-epicerie.example/)"'
    )
    assert after(page.locator(".places").get_by_role("link", name="Montreuil")) == "none"

    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 10_000


def test_listing_prints_without_its_filters_and_map(live_server, new_page, directory_data):
    page = new_page("desktop")
    page.route(TILES, lambda route: route.abort())
    page.goto(live_server.url + "/initiatives/")
    page.get_by_role("button", name="Afficher la carte").click()
    expect(page.locator("#results-map")).to_have_attribute("data-map-state", "ready")

    page.emulate_media(media="print")
    expect(page.get_by_role("search", name="Affiner")).to_be_hidden()
    expect(page.locator(".results-map")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Pages de résultats")).to_be_hidden()
    expect(page.locator(".cards > li")).to_have_count(20)
    expect(page.locator(".cards > li").first).to_be_visible()
    assert page.pdf().startswith(b"%PDF-")
