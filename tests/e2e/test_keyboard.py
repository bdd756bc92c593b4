"""Keyboard only: search, filter and open an entry without a mouse; switch the page's language;
the legal and accessibility pages, checked with axe-core on a desktop and a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

MAX_TABS = 120


def tab_to(page: Page, locator) -> None:
    """Press Tab until ``locator`` has the focus (and fail if it never gets it)."""
    handle = locator.element_handle()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("element => document.activeElement === element", handle):
            return
    pytest.fail(f"{locator} never got the focus in {MAX_TABS} presses of Tab")


def test_search_filter_and_open_an_entry_with_the_keyboard_only(
    live_server, new_page, assert_accessible, directory_data
):
    expected = directory_data["by_departement"]["paris"]
    amaps_in_paris = sorted(i.name for i in expected if i.name.startswith("AMAP"))
    page = new_page("desktop")
    page.goto(live_server.url + "/")

    # Search from the home page.
    search = page.get_by_role("searchbox").first
    tab_to(page, search)
    page.keyboard.type("AMAP")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/initiatives/\?q=AMAP"))
    assert_accessible(page)

    # Open the départements' filter, tick Paris, show the results.
    filters = page.get_by_role("search", name="Affiner")
    summary = filters.locator("summary", has_text="Départements")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    paris = filters.get_by_role("checkbox", name="Paris (75)")
    tab_to(page, paris)
    page.keyboard.press("Space")
    tab_to(page, filters.get_by_role("button", name="Afficher les résultats"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]departement=paris(&|$)"))
    expect(page.locator("#results-count")).to_contain_text(f"{len(amaps_in_paris)} initiatives")

    # Open the first result.
    first = page.locator(".cards > li").first.get_by_role("link").first
    name = first.inner_text()
    tab_to(page, first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert name in amaps_in_paris
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
@pytest.mark.parametrize(
    ("link", "path", "title"),
    [
        ("Mentions légales", "/mentions-legales/", "Mentions légales"),
        ("Accessibilité : non conforme", "/accessibilite/", "Déclaration d'accessibilité"),
        ("Données ouvertes", "/donnees-ouvertes/", "Données ouvertes"),
    ],
)
def test_legal_pages_are_linked_from_every_page_and_accessible(
    live_server, new_page, assert_accessible, directory_data, viewport, link, path, title
):
    page = new_page(viewport)
    page.goto(live_server.url + "/initiatives/")

    footer = page.locator("footer")
    footer.get_by_role("link", name=link, exact=True).click()

    expect(page).to_have_url(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_switch_language_with_the_keyboard_and_back(
    live_server, new_page, assert_accessible, directory_data, viewport
):
    """The switcher in the header, reached with Tab and followed with Enter, opens the same
    page in English, query string kept; the English page passes axe-core; its own switcher
    leads back to the French page."""
    entry = directory_data["by_departement"]["paris"][0]
    path = f"/initiatives/{entry.slug}/?depuis=accueil"
    page = new_page(viewport)
    page.goto(live_server.url + path)
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    switcher = page.locator(".site-languages").get_by_role("link", name="English")
    expect(switcher).to_have_attribute("hreflang", "en")
    expect(switcher).to_have_attribute("lang", "en")
    tab_to(page, switcher)
    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server.url + "/en" + path)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(entry.name)
    expect(page.get_by_role("link", name="Skip to content")).to_have_count(1)
    expect(page.get_by_role("heading", name="In brief")).to_be_visible()
    assert_accessible(page)

    back = page.locator(".site-languages").get_by_role("link", name="Français")
    tab_to(page, back)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + path)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="En bref")).to_be_visible()
