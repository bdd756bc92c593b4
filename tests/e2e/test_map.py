"""The maps in a real Chromium: opened on demand, markers in clusters, popups that lead to the
entry, nothing from a third party before the visitor asks, no axe-core violation.

The tiles cannot load here (no network): they are refused, as a visitor offline would see.
"""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TILES = re.compile(r"^https://[a-z]\.tile\.openstreetmap\.fr/")


def open_listing(new_page, url):
    """A desktop page on ``url``, with the tile servers refused and every request recorded."""
    page = new_page("desktop")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(TILES, lambda route: route.abort())
    page.goto(url)
    return page, requests


def test_results_map_opens_with_clusters_of_every_result(
    live_server, new_page, assert_accessible, directory_data
):
    page, requests = open_listing(new_page, live_server.url + "/initiatives/")
    page.wait_for_load_state("networkidle")
    toggle = page.get_by_role("button", name="Afficher la carte")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("region", name="Carte des résultats")).to_be_hidden()
    assert [url for url in requests if not url.startswith(live_server.url)] == []

    toggle.click()
    map_region = page.get_by_role("region", name="Carte des résultats")
    expect(map_region).to_be_visible()
    expect(map_region).to_have_attribute("data-map-state", "ready")
    expect(page.get_by_role("button", name="Masquer la carte")).to_have_attribute(
        "aria-expanded", "true"
    )
    # All 25 published entries (one place each) are on the map, in clusters; the draft is not.
    expect(map_region).to_have_attribute("data-map-markers", "25")
    page.wait_for_function(
        """() => [...document.querySelectorAll(".marker-cluster [data-count]")]
            .reduce((total, cluster) => total + Number(cluster.dataset.count), 0) === 25"""
    )
    expect(page.locator(".results-map__status")).to_contain_text("25 lieux sur la carte")
    # The map asks the tile servers for its background, and no other third party.
    third_party = [url for url in requests if not url.startswith(live_server.url)]
    assert third_party and all(TILES.match(url) for url in third_party), third_party
    assert_accessible(page)

    page.get_by_role("button", name="Masquer la carte").click()
    expect(map_region).to_be_hidden()
    # The full list is still there under the map.
    expect(page.locator(".cards > li")).to_have_count(20)


def test_leaflet_is_fetched_only_once_the_map_is_opened(live_server, new_page, directory_data):
    page, requests = open_listing(new_page, live_server.url + "/initiatives/")
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if "leaflet" in url] == []

    page.get_by_role("button", name="Afficher la carte").click()
    expect(page.locator("#results-map")).to_have_attribute("data-map-state", "ready")
    fetched = {url.removeprefix(live_server.url) for url in requests if "/static/leaflet" in url}
    assert {
        "/static/leaflet/leaflet.css",
        "/static/leaflet/leaflet.js",
        "/static/leaflet-markercluster/MarkerCluster.css",
        "/static/leaflet-markercluster/MarkerCluster.Default.css",
        "/static/leaflet-markercluster/leaflet.markercluster.js",
    } <= fetched


def test_marker_popup_leads_to_the_initiative(
    live_server, new_page, assert_accessible, directory_data
):
    initiative = factories.InitiativeFactory(
        name="Jardin des Murs à pêches", slug="jardin-des-murs-a-peches"
    )
    factories.LocationFactory(
        initiative=initiative,
        commune=directory_data["geography"]["montreuil"],
        latitude=48.8611,
        longitude=2.4432,
    )
    page, _ = open_listing(new_page, live_server.url + "/initiatives/?q=Murs+pêches")
    page.get_by_role("button", name="Afficher la carte").click()
    expect(page.locator("#results-map")).to_have_attribute("data-map-markers", "1")

    page.get_by_role("button", name="Jardin des Murs à pêches").click()
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text("Montreuil")
    expect(popup).to_have_css("opacity", "1")  # faded in: axe sees the final colours
    expect(popup.get_by_role("button", name="Fermer")).to_be_visible()
    assert_accessible(page)

    popup.get_by_role("link", name="Jardin des Murs à pêches").click()
    expect(page).to_have_url(live_server.url + initiative.get_absolute_url())

    # The detail page's own map shows the place once scrolled to.
    detail_map = page.get_by_role("region", name="Carte des lieux de l'initiative")
    detail_map.scroll_into_view_if_needed()
    expect(detail_map).to_have_attribute("data-map-state", "ready")
    expect(detail_map.locator(".leaflet-marker-icon")).to_have_count(1)
    assert_accessible(page)


def test_without_javascript_there_is_no_map_nor_toggle(live_server, new_page, directory_data):
    page = new_page("desktop", java_script_enabled=False)
    page.goto(live_server.url + "/initiatives/")
    expect(page.locator(".cards > li")).to_have_count(20)
    expect(page.get_by_role("button", name="Afficher la carte")).to_have_count(0)
    expect(page.locator("#results-map")).to_be_hidden()


def test_the_results_map_and_the_position_button_speak_english_under_en(
    live_server, new_page, assert_accessible, directory_data
):
    """On the English listing, the scripts' messages come from /en/jsi18n/: the toggle, the
    map's status and the position button are English."""
    page, _requests = open_listing(new_page, live_server.url + "/en/initiatives/")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("button", name="Use my position")).to_have_count(1)

    page.get_by_role("button", name="Show the map").click()
    map_region = page.get_by_role("region", name="Map of the results")
    expect(map_region).to_have_attribute("data-map-state", "ready")
    expect(page.locator(".results-map__status")).to_have_text("25 places on the map.")
    expect(page.get_by_role("button", name="Hide the map")).to_have_attribute(
        "aria-expanded", "true"
    )
    assert_accessible(page)
