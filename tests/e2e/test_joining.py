"""How to join, in a real Chromium: the detail page's « Comment participer » section (a
current and an old availability, an open call) and the cards' facts and the listing's new
filters, with and without JavaScript; axe-core on each page, on a desktop and a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def joining_data(transactional_db, geography):
    domain = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    amap = factories.KindFactory(name="AMAP", slug="amap", parent=domain)
    incubateur = factories.KindFactory(name="Incubateur", slug="incubateur", parent=domain)
    today = timezone.localdate()
    current = factories.InitiativeFactory(
        name="AMAP du mardi",
        slug="amap-du-mardi",
        categories=[amap],
        join_details={
            "jours_distribution": ["mardi"],
            "heure_debut_distribution": "18:30",
            "heure_fin_distribution": "20:00",
            "lieu_distribution": "Salle des fêtes",
            "prix_panier_min": 12.5,
            "prix_panier_max": 25,
        },
        availability="places",
        availability_on=today - datetime.timedelta(days=20),
    )
    old = factories.InitiativeFactory(
        name="Incubateur solidaire",
        slug="incubateur-solidaire",
        categories=[incubateur],
        join_details={
            "appel_intitule": "Promotion d'automne",
            "appel_date_limite": (today + datetime.timedelta(days=30)).isoformat(),
            "appel_url": "https://exemple.org/appel",
        },
        availability="complet",
        availability_on=today - datetime.timedelta(days=500),
    )
    for entry in (current, old):
        factories.LocationFactory(initiative=entry, commune=geography["montreuil"])
    return {"current": current, "old": old}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_how_to_join_on_the_detail_pages(
    viewport, live_server, new_page, assert_accessible, joining_data
):
    page = new_page(viewport)
    page.goto(live_server.url + joining_data["current"].get_absolute_url())
    section = page.get_by_role("region", name="Comment participer")
    expect(section).to_contain_text("Places disponibles")
    expect(section).to_contain_text("de 18 h 30 à 20 h")
    expect(section).to_contain_text("de 12,50 € à 25 €")
    assert_accessible(page)

    page.goto(live_server.url + joining_data["old"].get_absolute_url())
    section = page.get_by_role("region", name="Comment participer")
    expect(section).to_contain_text("Dernière information : complet, au ")
    expect(section).to_contain_text("Appel à candidatures ouvert jusqu'au")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_join_filters_and_cards_are_accessible(
    viewport, live_server, new_page, assert_accessible, joining_data
):
    page = new_page(viewport)
    page.goto(live_server.url + "/initiatives/?distribution=mardi")
    if viewport != "desktop":
        page.locator("summary", has_text="Filtrer").click()
    filters = page.get_by_role("search", name="Affiner")
    expect(filters.get_by_role("checkbox", name="mardi")).to_be_checked()
    card = page.locator(".cards .card")
    expect(card.locator(".card__join")).to_have_text("Distribution : mardi")
    expect(card.locator(".card__availability")).to_contain_text(
        "Places disponibles (il y a 20 jours)"
    )
    assert_accessible(page)


def test_join_filters_work_without_javascript(live_server, new_page, joining_data):
    # (axe-core needs JavaScript: the page is checked above, with it.)
    page = new_page("desktop", java_script_enabled=False)
    page.goto(live_server.url + "/initiatives/")
    filters = page.get_by_role("search", name="Affiner")
    filters.locator("summary", has_text="Jour de distribution").click()
    filters.get_by_role("checkbox", name="mardi").check()
    filters.get_by_role("button", name="Afficher les résultats").click()
    expect(page.locator("#results-count")).to_contain_text("1 initiative")
    expect(page.locator(".cards .card .card__join")).to_have_text("Distribution : mardi")
    page.goto(live_server.url + "/initiatives/?disponibilite=complet")
    # The only « complet » is older than the verification period: not matched.
    expect(page.locator("#results-count")).to_contain_text(
        "Aucune initiative ne correspond à ces critères."
    )
