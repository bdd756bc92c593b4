"""Opening hours and the easy-to-read summary in a real Chromium: the state now on a detail
page and a card, the « Ouvertes maintenant » filter without JavaScript, the FALC text behind
its switch (a <details>, opened with the keyboard); axe-core on each, on a desktop and a phone,
the switch closed and open. 24/7 hours keep the state the same whatever the time."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def entries(transactional_db, geography):
    always = factories.InitiativeFactory(
        name="Ressourcerie du quartier",
        slug="ressourcerie-du-quartier",
        easy_read="On répare des objets.\nOn les vend à petit prix.",
    )
    factories.LocationFactory(
        initiative=always, commune=geography["montreuil"], opening_hours="24/7", is_primary=True
    )
    never = factories.InitiativeFactory(name="Jardin fermé", slug="jardin-ferme")
    factories.LocationFactory(
        initiative=never, commune=geography["montreuil"], opening_hours="off", is_primary=True
    )
    return {"always": always, "never": never}


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_detail_page_hours_and_easy_read_switch(
    viewport, live_server, new_page, assert_accessible, entries
):
    page = new_page(viewport)
    page.goto(live_server.url + entries["always"].get_absolute_url())
    expect(page.locator(".place__hours")).to_contain_text("Ouvert maintenant")
    expect(page.locator(".place__hours")).to_contain_text(
        "Horaires d'accueil : tous les jours, 24 h sur 24"
    )
    switch = page.locator(".easy-read summary")
    expect(switch).to_have_text("Lire en FALC (facile à lire et à comprendre)")
    text = page.get_by_text("On répare des objets.")
    expect(text).to_be_hidden()
    assert_accessible(page)

    switch.focus()
    page.keyboard.press("Enter")
    expect(text).to_be_visible()
    assert_accessible(page)


def test_the_open_now_filter_works_without_javascript(live_server, new_page, entries):
    page = new_page("desktop", java_script_enabled=False)
    page.goto(live_server.url + "/initiatives/")
    expect(page.locator(".card__hours--open")).to_have_text("Ouvert maintenant")
    filters = page.get_by_role("search", name="Affiner")
    filters.get_by_role("checkbox", name=re.compile("^Ouvertes maintenant")).check()
    filters.get_by_role("button", name="Afficher les résultats").click()
    expect(page).to_have_url(re.compile(r"[?&]ouvert=maintenant(&|$)"))
    expect(page.locator("#results-count")).to_contain_text("1 initiative")
    expect(page.locator(".cards .card__title")).to_have_text(["Ressourcerie du quartier"])
    expect(filters.get_by_role("checkbox", name=re.compile("^Ouvertes maintenant"))).to_be_checked()


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_the_open_now_filter_and_cards_are_accessible(
    viewport, live_server, new_page, assert_accessible, entries
):
    """axe-core needs JavaScript: the same pages, with it."""
    page = new_page(viewport)
    page.goto(live_server.url + "/initiatives/")
    expect(page.locator(".card__hours--open")).to_have_text("Ouvert maintenant")
    assert_accessible(page)
    page.goto(live_server.url + "/initiatives/?ouvert=maintenant")
    expect(page.locator("#results-count")).to_contain_text("1 initiative")
    if viewport != "desktop":
        page.locator("summary", has_text="Filtrer").click()
    assert_accessible(page)
