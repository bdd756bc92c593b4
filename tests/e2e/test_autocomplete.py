"""The commune autocomplete of the filter form, in a real Chromium.

The listing loads ``static/js/commune-autocomplete.js`` (and ``near-me.js``) through
``templates/directory/includes/enhancements.html``.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import card_titles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choose_a_commune_from_the_suggestions(
    live_server, new_page, assert_accessible, directory_data
):
    montreuil = directory_data["geography"]["montreuil"]
    expected = {
        initiative.name
        for initiative in directory_data["by_departement"]["seine-saint-denis"]
        if initiative.locations.get().commune == montreuil
    }
    page = new_page("desktop")
    page.goto(live_server.url + "/initiatives/")
    expect(page.locator("#results-count")).to_contain_text("25 initiatives")

    field = page.locator("#id_commune")
    expect(field).to_have_attribute("role", "combobox")
    expect(field).to_have_attribute("aria-expanded", "false")
    listbox = page.locator(f"#{field.get_attribute('aria-controls')}")
    expect(listbox).to_have_attribute("role", "listbox")
    expect(listbox).to_be_hidden()

    field.press_sequentially("montr")
    expect(listbox).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Montreuil (93100)")
    expect(options.first).to_contain_text("Seine-Saint-Denis")

    field.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    expect(field).to_be_focused()
    assert_accessible(page)  # with the listbox open and an option active

    field.press("Enter")
    expect(field).to_have_value("montreuil")
    expect(listbox).to_be_hidden()
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(page).to_have_url(live_server.url + "/initiatives/")  # Enter chose, did not submit

    page.get_by_role("search", name="Affiner").get_by_role(
        "button", name="Afficher les résultats"
    ).click()
    expect(page).to_have_url(re.compile(r"[?&]commune=montreuil(&|$)"))
    expect(page.locator("#results-count")).to_contain_text(f"{len(expected)} initiatives")
    assert card_titles(page) == expected
