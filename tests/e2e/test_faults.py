"""Faults as the public meets them, in a real Chromium checked with axe-core: a proposal
whose image the media storage cannot write is told so, in French, with the form kept; sent
again once the storage is back, it is stored. (A form sent twice: tests/proposals/
test_proposal_once.py, over HTTP.)"""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from directory.models import Proposal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Recyclerie du Pré-Saint-Gervais"


def fill_the_proposal(page, logo) -> None:
    page.get_by_label("Nom de l'initiative").fill(NAME)
    page.get_by_role("group", name="Vie quotidienne").get_by_label("AMAP").check()
    page.get_by_label("Résumé").fill("Des objets réparés et revendus, chaque samedi.")
    page.get_by_label("Logo ou photo").set_input_files(str(logo))
    page.get_by_label("Ce que montre l'image").fill("Le logo de la recyclerie")
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_label("Votre courriel").fill("camille@exemple.fr")
    page.get_by_label(re.compile("J'accepte que mon nom et mon courriel")).check()


def test_a_storage_failure_is_told_and_the_form_kept(
    live_server, new_page, assert_accessible, directory_data, settings, tmp_path
):
    settings.CONTRIBUTION_MIN_SECONDS = 1
    settings.CURATION_EMAILS = ["curation@example.org"]
    working = settings.STORAGES
    settings.STORAGES = {
        **working,
        "default": {"BACKEND": "tests.test_images_storage_failing.FailingStorage"},
    }
    logo = tmp_path / "logo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    logo.write_bytes(buffer.getvalue())
    page = new_page("desktop")
    page.goto(live_server.url + reverse("directory:propose"))
    fill_the_proposal(page, logo)
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Envoyer la proposition").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "L'image n'a pas pu être enregistrée : le stockage des fichiers ne répond pas."
    )
    expect(page.get_by_label("Nom de l'initiative")).to_have_value(NAME)
    assert_accessible(page)
    assert Proposal.objects.count() == 0

    settings.STORAGES = working
    page.get_by_label("Logo ou photo").set_input_files(str(logo))
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Merci, votre proposition est bien arrivée"
    )
    assert Proposal.objects.count() == 1
