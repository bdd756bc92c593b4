"""The discovery journey in a real Chromium: search, open the map, narrow to a commune with
the autocomplete, open a result; axe-core on every page, on a desktop and a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import card_titles, open_filters

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TILES = re.compile(r"^https://[a-z]\.tile\.openstreetmap\.fr/")


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_search_map_commune_then_open_a_result(
    live_server, new_page, assert_accessible, directory_data, viewport
):
    bobigny = directory_data["communes"]["seine-saint-denis"][1]
    amaps_in_bobigny = {
        initiative.name
        for initiative in directory_data["by_departement"]["seine-saint-denis"]
        if initiative.locations.get().commune == bobigny and initiative.name.startswith("AMAP")
    }
    amaps = [
        initiative
        for initiatives in directory_data["by_departement"].values()
        for initiative in initiatives
        if initiative.name.startswith("AMAP")
    ]
    page = new_page(viewport)
    page.route(TILES, lambda route: route.abort())

    # Search from the home page: plural and no accent still find the AMAP.
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_label("Rechercher une initiative").fill("amaps")
    page.get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(r"/initiatives/\?q=amaps"))
    expect(page.locator("#results-count")).to_contain_text(f"{len(amaps)} initiatives")
    expect(page.locator(".card__summary mark, .card__title mark").first).to_be_visible()
    assert_accessible(page)

    # Open the map of these results.
    page.get_by_role("button", name="Afficher la carte").click()
    map_region = page.get_by_role("region", name="Carte des résultats")
    expect(map_region).to_have_attribute("data-map-state", "ready")
    expect(map_region).to_have_attribute("data-map-markers", str(len(amaps)))
    assert_accessible(page)

    # Narrow to Bobigny with the autocomplete, then apply the filters.
    open_filters(page, viewport)
    field = page.locator("#id_commune")
    field.scroll_into_view_if_needed()
    field.press_sequentially("bobi")
    option = page.get_by_role("option", name=re.compile("Bobigny"))
    expect(option).to_be_visible()
    option.click()
    expect(field).to_have_value("bobigny")
    page.get_by_role("search", name="Affiner").get_by_role(
        "button", name="Afficher les résultats"
    ).click()
    expect(page).to_have_url(re.compile(r"commune=bobigny"))
    expect(page).to_have_url(re.compile(r"q=amaps"))
    expect(page.locator("#results-count")).to_contain_text(f"{len(amaps_in_bobigny)} initiative")
    assert card_titles(page) == amaps_in_bobigny
    # The map follows the filters.
    expect(map_region).to_have_attribute("data-map-markers", str(len(amaps_in_bobigny)))
    assert_accessible(page)

    # Open a result.
    name = sorted(amaps_in_bobigny)[0]
    page.locator(".card__title a", has_text=name).click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.get_by_role("link", name="Bobigny").first).to_be_visible()
    assert_accessible(page)
