"""Journeys of the public through the directory, in a real Chromium.

Every page visited is checked with axe-core: any violation fails the test.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp/e2e-listing-{viewport}.png"


def card_titles(page) -> set[str]:
    return {title.strip() for title in page.locator(".cards .card__title").all_inner_texts()}


def card_places(page) -> set[str]:
    """The commune shown on each result card, without its visually hidden "Lieu :" prefix."""
    places = page.locator(".cards .card__place").all_text_contents()
    return {place.replace("Lieu :", "").strip() for place in places}


def open_filters(page, viewport: str) -> None:
    """On a phone, open the filters that wait behind « Filtrer »; a wide screen shows them
    beside the results already."""
    if viewport != "desktop":
        page.locator("summary", has_text="Filtrer").click()
    expect(page.get_by_role("search", name="Affiner")).to_be_visible()


@pytest.mark.parametrize(
    ("viewport", "departement"),
    [("desktop", "seine-saint-denis"), ("mobile", "paris")],
)
def test_find_an_initiative_by_departement(
    viewport, departement, live_server, new_page, assert_accessible, directory_data
):
    expected = directory_data["by_departement"][departement]
    dep = expected[0].locations.get().commune.departement
    commune_names = {commune.name for commune in directory_data["communes"][departement]}
    draft = directory_data["draft"]
    page = new_page(viewport)

    # Home: the département with its count of published initiatives (the draft is not one).
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("Annuaire de l'innovation sociale"))
    dep_link = page.get_by_role("link", name=f"{dep.name} ({dep.code})", exact=True)
    expect(dep_link.locator("xpath=..")).to_contain_text(f"{len(expected)} initiatives")
    expect(page.locator("body")).not_to_contain_text(draft.name)
    assert_accessible(page)

    # The département's landing page lists its initiatives and only them.
    dep_link.click()
    expect(page).to_have_url(live_server.url + dep.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text(dep.name)
    expect(page.locator("#results-count")).to_contain_text(f"{len(expected)} initiatives")
    assert card_titles(page) == {initiative.name for initiative in expected}
    assert_accessible(page)

    # The full listing: 25 published initiatives on two pages.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Les initiatives"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les initiatives")
    expect(page.locator("#results-count")).to_contain_text("25 initiatives — page 1 sur 2")
    expect(page.get_by_role("navigation", name="Pages de résultats")).to_be_visible()
    expect(page.locator(".cards > li")).to_have_count(20)
    assert_accessible(page)

    # Filter by the département with its checkbox, then "Afficher les résultats".
    open_filters(page, viewport)
    filters = page.get_by_role("search", name="Affiner")
    filters.locator("summary", has_text="Départements").click()
    filters.get_by_role("checkbox", name=f"{dep.name} ({dep.code})").check()
    filters.get_by_role("button", name="Afficher les résultats").click()
    expect(page).to_have_url(re.compile(rf"[?&]departement={dep.slug}(&|$)"))
    expect(page.locator("#results-count")).to_contain_text(f"{len(expected)} initiatives")
    chip = page.locator(".active-filters .chip")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text(f"Départements : {dep.name}")
    expect(chip).to_have_accessible_name(f"Départements : {dep.name} (retirer ce filtre)")
    assert card_titles(page) == {initiative.name for initiative in expected}
    assert card_places(page) <= commune_names
    expect(page.get_by_role("navigation", name="Pages de résultats")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(draft.name)
    page.screenshot(path=SCREENSHOTS.format(viewport=viewport), full_page=True)
    assert_accessible(page)

    # Open one initiative: its name as the h1, its commune as a link to the commune's page.
    initiative = expected[1]
    commune = initiative.locations.get().commune
    page.get_by_role("link", name=initiative.name, exact=True).click()
    expect(page).to_have_url(live_server.url + initiative.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(initiative.name)
    commune_link = page.locator(".places").get_by_role("link", name=commune.name, exact=True)
    expect(commune_link).to_have_attribute("href", commune.get_absolute_url())
    assert_accessible(page)

    commune_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Innovation sociale à {commune.name}"
    )
    assert initiative.name in card_titles(page)
    assert_accessible(page)

    # The draft has no public page.
    response = page.goto(live_server.url + draft.get_absolute_url())
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(draft.name)
    assert_accessible(page)


def test_skip_link_is_the_first_tab_stop(live_server, new_page, directory_data):
    page = new_page("desktop")
    page.goto(live_server.url + "/initiatives/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()
    # The next Tab continues from the main content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_listing_filters_work_without_javascript(live_server, new_page, directory_data):
    paris = directory_data["geography"]["paris_dep"]
    expected = directory_data["by_departement"]["paris"]
    page = new_page("desktop", java_script_enabled=False)

    page.goto(live_server.url + "/initiatives/")
    expect(page.locator("#results-count")).to_contain_text("25 initiatives — page 1 sur 2")
    filters = page.get_by_role("search", name="Affiner")
    filters.locator("summary", has_text="Départements").click()
    filters.get_by_role("checkbox", name="Paris (75)").check()
    filters.get_by_role("button", name="Afficher les résultats").click()

    expect(page).to_have_url(re.compile(rf"[?&]departement={paris.slug}(&|$)"))
    expect(page.locator("#results-count")).to_contain_text(f"{len(expected)} initiatives")
    assert card_titles(page) == {initiative.name for initiative in expected}
    expect(filters.get_by_role("checkbox", name="Paris (75)")).to_be_checked()

    # Removing the filter is a plain link, and so is the next page.
    page.locator(".active-filters .chip").click()
    expect(page.locator("#results-count")).to_contain_text("25 initiatives — page 1 sur 2")
    expect(page.locator(".active-filters")).to_have_count(0)
    page.get_by_role("link", name="Suivante").click()
    expect(page.locator("#results-count")).to_contain_text("page 2 sur 2")
    expect(page.locator(".cards > li")).to_have_count(5)
