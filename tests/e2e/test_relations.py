"""Relations between entries in a real Chromium: the network's
facet in the listing leads to its members, a member's page links to the network, and the
network's page lists its members; axe-core on each, on a desktop and a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_journeys import open_filters

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def network(directory_data):
    from tests import factories

    reseau = factories.InitiativeFactory(
        name="Réseau des AMAP en Île-de-France", slug="reseau-amap-ile-de-france"
    )
    ruche = factories.InitiativeFactory(name="La Ruche", slug="la-ruche")
    members = directory_data["by_departement"]["seine-saint-denis"][:2]
    for member in members:
        factories.RelationFactory(subject=member, kind="membre_de", object=reseau)
    factories.RelationFactory(
        subject=members[0], kind="accompagne_par", object=ruche, cohort_year=2016
    )
    return {"reseau": reseau, "members": members}


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
# (Without JavaScript, axe-core cannot run in the page: the server-rendered pages are checked
# by tests/test_relations.py through the test client.)
@pytest.mark.parametrize("javascript", [True])
def test_from_the_network_facet_to_a_member_and_back(
    live_server, new_page, assert_accessible, network, viewport, javascript
):
    members = network["members"]
    page = new_page(viewport, java_script_enabled=javascript)
    page.goto(live_server.url + "/initiatives/")
    open_filters(page, viewport)
    facet = page.locator("details.facet", has=page.locator("summary", has_text="Membre du réseau"))
    facet.locator("summary").click()
    option = facet.get_by_label(re.compile("Réseau des AMAP en Île-de-France"))
    expect(option).to_be_visible()
    assert_accessible(page)
    option.check()
    page.get_by_role("button", name="Afficher les résultats").click()
    expect(page).to_have_url(re.compile(r"membre_de=reseau-amap-ile-de-france"))
    expect(page.locator("#results-count")).to_contain_text("2 initiatives")
    assert_accessible(page)

    page.get_by_role("link", name=members[0].name).first.click()
    relations = page.get_by_role("region", name="Liens avec d'autres initiatives")
    expect(relations).to_contain_text("Membre de : Réseau des AMAP en Île-de-France")
    expect(relations).to_contain_text("Accompagnée par La Ruche (promotion 2016)")
    assert_accessible(page)

    relations.get_by_role("link", name="Réseau des AMAP en Île-de-France").click()
    relations = page.get_by_role("region", name="Liens avec d'autres initiatives")
    expect(relations).to_contain_text("Membres : ")
    for member in members:
        expect(relations.get_by_role("link", name=member.name)).to_be_visible()
    assert_accessible(page)
