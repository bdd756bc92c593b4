"""Listings on a 390 px phone: the results come first, the filters wait behind « Filtrer »,
which opens without JavaScript and counts the filters in force; on a wide screen the filters
stay beside the results. axe-core (with WCAG 2.2's target size) on every page, open and closed.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import card_titles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_HEIGHT = 844
SCREENSHOTS = "/tmp/phone-{name}.png"

LANDING_PAGES = {
    "category": "/categories/amap/",
    "departement": "/territoires/seine-saint-denis/",
    "commune": "/territoires/seine-saint-denis/montreuil/",
}


def first_card_top(page) -> float:
    box = page.locator(".cards > li").first.bounding_box()
    assert box is not None
    return box["y"]


def filters_toggle(page):
    return page.locator(".listing__filters > details > summary")


def shown_text(locator) -> str:
    """The text of ``locator`` that is seen, without what only screen readers get."""
    return locator.evaluate(
        """element => [...element.childNodes]
            .filter(node => !node.classList?.contains("visually-hidden"))
            .map(node => node.textContent).join("")"""
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_phone_listing_shows_results_first_and_filters_behind_filtrer(
    live_server, new_page, assert_accessible, directory_data, javascript
):
    amaps_in_paris = {
        initiative.name
        for initiative in directory_data["by_departement"]["paris"]
        if initiative.name.startswith("AMAP")
    }
    page = new_page("phone", java_script_enabled=javascript)
    page.goto(live_server.url + "/initiatives/")
    expect(page.locator("#results-count")).to_contain_text("25 initiatives — page 1 sur 2")

    # The first result starts within the first screen; the filters are closed.
    assert first_card_top(page) < PHONE_HEIGHT
    toggle = filters_toggle(page)
    expect(toggle).to_be_visible()
    expect(toggle).to_have_text("Filtrer")
    expect(toggle).to_have_accessible_name("Filtrer")
    filters = page.get_by_role("search", name="Affiner")
    expect(filters).to_be_hidden()
    if javascript:
        page.screenshot(path=SCREENSHOTS.format(name="listing-closed"))
        assert_accessible(page)

    # « Filtrer » opens them (a <details>: no script needed), above the results.
    toggle.click()
    expect(filters).to_be_visible()
    expect(page.locator(".listing__filters > details")).to_have_attribute("open", "")
    if javascript:
        page.screenshot(path=SCREENSHOTS.format(name="listing-open"))
        assert_accessible(page)

    filters.locator("summary", has_text="Départements").click()
    filters.get_by_role("checkbox", name="Paris (75)").check()
    filters.get_by_label("Rechercher").fill("AMAP")
    filters.get_by_role("button", name="Afficher les résultats").click()

    # The filtered page: results first again, and the control counts the two filters, as the
    # chips do.
    expect(page).to_have_url(re.compile(r"[?&]departement=paris(&|$)"))
    expect(page.locator("#results-count")).to_contain_text(f"{len(amaps_in_paris)} initiatives")
    assert card_titles(page) == amaps_in_paris
    expect(page.locator(".active-filters .chip")).to_have_count(2)
    toggle = filters_toggle(page)
    expect(toggle).to_be_visible()
    expect(toggle).to_have_accessible_name("Filtrer (2) : 2 filtres actifs")
    assert shown_text(toggle) == "Filtrer (2)"
    expect(filters).to_be_hidden()
    assert first_card_top(page) < PHONE_HEIGHT
    if javascript:
        page.screenshot(path=SCREENSHOTS.format(name="listing-filtered"))
        assert_accessible(page)

    # One chip removed: one filter left, and the control says so.
    page.locator(".active-filters .chip", has_text="Recherche").click()
    expect(page.locator(".active-filters .chip")).to_have_count(1)
    toggle = filters_toggle(page)
    expect(toggle).to_have_accessible_name("Filtrer (1) : 1 filtre actif")
    assert shown_text(toggle) == "Filtrer (1)"
    toggle.click()
    expect(filters.get_by_role("checkbox", name="Paris (75)")).to_be_checked()


@pytest.mark.parametrize("name", LANDING_PAGES)
def test_phone_landing_pages_show_results_first(
    live_server, new_page, assert_accessible, directory_data, name
):
    page = new_page("phone")
    page.goto(live_server.url + LANDING_PAGES[name])
    expect(page.locator(".cards > li").first).to_be_visible()

    assert first_card_top(page) < PHONE_HEIGHT
    toggle = filters_toggle(page)
    expect(toggle).to_have_text("Filtrer")
    expect(page.get_by_role("search", name="Affiner")).to_be_hidden()
    page.screenshot(path=SCREENSHOTS.format(name=name))
    assert_accessible(page)

    toggle.click()
    expect(page.get_by_role("search", name="Affiner")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("path", ["/initiatives/?departement=paris", *LANDING_PAGES.values()])
def test_wide_screen_keeps_the_filters_beside_the_results(
    live_server, new_page, assert_accessible, directory_data, javascript, path
):
    page = new_page("desktop", java_script_enabled=javascript)
    page.goto(live_server.url + path)

    expect(filters_toggle(page)).to_be_hidden()
    filters = page.get_by_role("search", name="Affiner")
    expect(filters).to_be_visible()
    expect(filters.get_by_role("button", name="Afficher les résultats")).to_be_visible()
    form = filters.bounding_box()
    card = page.locator(".cards > li").first.bounding_box()
    assert form is not None and card is not None
    assert form["x"] + form["width"] < card["x"]  # beside, on its left
    assert form["y"] < card["y"] + card["height"]
    if javascript:
        assert_accessible(page)
