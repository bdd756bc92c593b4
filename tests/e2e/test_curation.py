"""The curation journey in a real Chromium: someone proposes an initiative, a curator publishes
it in the admin, and the public finds it in the listing (then reports an error on it).

Every public page visited is checked with axe-core: any violation fails the test.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "AMAP de Montreuil"


def test_propose_publish_then_find_an_initiative(
    live_server, new_page, assert_accessible, directory_data, curator, settings
):
    # The journey types faster than a person: keep the minimum fill time short, not off.
    settings.CONTRIBUTION_MIN_SECONDS = 1
    settings.CURATION_EMAILS = ["curation@example.org"]
    page = new_page("desktop")

    # The public: « Proposer une initiative » from the main navigation.
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Proposer une initiative"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer une initiative")
    assert_accessible(page)

    page.get_by_label("Nom de l'initiative").fill(NAME)
    page.get_by_role("group", name="Vie quotidienne").get_by_label("AMAP").check()
    page.get_by_label("Résumé").fill(
        "Des paniers de légumes bio, livrés chaque mardi au Bas-Montreuil."
    )
    page.get_by_role("combobox", name="Commune (facultatif)").fill("Montreuil")
    page.keyboard.press("Escape")  # Close the commune suggestions, if any.
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_label("Votre courriel").fill("camille@exemple.fr")
    page.get_by_label(re.compile("J'accepte que mon nom et mon courriel")).check()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Envoyer la proposition").click()

    # Entries with a close name in Montreuil are shown first; the proposer confirms.
    warning = page.get_by_role("region", name="Cette initiative est peut-être déjà dans l'annuaire")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("link", name=re.compile(r"de Montreuil n° \d+"))).not_to_have_count(
        0
    )
    assert_accessible(page)
    page.screenshot(path="/tmp/e2e-proposal-look-alikes.png", full_page=True)
    page.get_by_label("Mon initiative n'est aucune de celles-ci").check()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Envoyer la proposition").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Merci, votre proposition est bien arrivée"
    )
    assert_accessible(page)

    # Not public yet: no page, and not found by a search.
    response = page.goto(live_server.url + "/initiatives/amap-de-montreuil/")
    assert response.status == 404
    page.goto(live_server.url + "/initiatives/?q=AMAP+de+Montreuil")
    titles = [title.strip() for title in page.locator(".cards .card__title").all_inner_texts()]
    assert NAME not in titles

    # A curator logs in (through django-axes) and publishes it from the moderation queue.
    admin = new_page("desktop")
    admin.goto(live_server.url + reverse("admin:index"))
    admin.locator("#id_username").fill("curatrice")
    admin.locator("#id_password").fill("motdepasse-de-test")
    admin.locator("input[type=submit]").click()
    queues = admin.locator("#curation-queues")
    expect(queues).to_contain_text("1 proposition à traiter")
    queues.get_by_role("link", name=re.compile("proposition à traiter")).click()
    admin.get_by_role("link", name=NAME).click()
    expect(admin.locator("#moderation-decision")).to_be_visible()
    admin.get_by_role("button", name="Publier la fiche").click()
    expect(admin.locator(".messagelist")).to_contain_text("1 proposition publiée.")

    # The public finds it in the listing, filtered by its commune, and opens it.
    page.goto(live_server.url + "/initiatives/?commune=montreuil")
    card = page.locator(".cards .card__title", has_text=re.compile(rf"^\s*{NAME}\s*$"))
    expect(card).to_have_count(1)
    assert_accessible(page)
    card.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.locator(".places")).to_contain_text("Montreuil")
    assert_accessible(page)

    # And reports an error on it.
    page.get_by_role("link", name=re.compile("Signaler une erreur")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler une erreur")
    assert_accessible(page)
    page.get_by_label("Ce qui est inexact ou manque").fill("Les livraisons ont lieu le jeudi.")
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre signalement")
    assert_accessible(page)


def test_proposal_errors_are_listed_and_linked_to_their_fields(
    live_server, new_page, assert_accessible, directory_data, settings
):
    settings.CONTRIBUTION_MIN_SECONDS = 1
    page = new_page("mobile")

    page.goto(live_server.url + "/proposer/")
    page.get_by_label("Nom de l'initiative").fill("Jardin partagé")
    page.get_by_label("Résumé").fill("Un jardin ouvert à tous.")
    commune = page.get_by_role("combobox", name="Commune (facultatif)")
    commune.fill("Atlantide")
    page.get_by_label("Votre nom").fill("Sami")
    page.get_by_label("Votre courriel").fill("sami@exemple.fr")
    page.get_by_label(re.compile("J'accepte que mon nom et mon courriel")).check()
    page.wait_for_timeout(1100)
    # No kind is chosen: boxes of a group are not marked required, the server reports it.
    page.get_by_role("button", name="Envoyer la proposition").click()

    expect(page).to_have_title(re.compile("^Erreur — Proposer une initiative"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Corrigez les 2 champs signalés")
    summary.get_by_role("link", name="Commune").click()
    expect(commune).to_be_focused()
    expect(commune).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.screenshot(path="/tmp/e2e-proposal-errors-mobile.png", full_page=True)
