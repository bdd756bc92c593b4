"""The pages translated, in English: no French message left (forms refused in every way,
error pages included), the French pages still French, French content marked as such, dates in
the page's language, e-mails still French (README, "Languages")."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import timezone, translation
from django.views import csrf, defaults

from directory.models import Initiative
from directory.public import operations
from tests import factories
from tests.interface_text import PAGES, english, french_left
from tests.proposals.forms import png_file, proposal_data
from tests.test_structured_data import json_ld_of

SITE = "http://testserver"


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_have_no_french_interface_text(client, full_entry, page):
    response = client.get(english(PAGES[page]))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert french_left(html) == []


@pytest.mark.parametrize("page", PAGES)
def test_french_pages_stay_french(client, full_entry, page):
    response = client.get(PAGES[page])

    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert response["Content-Language"] == "fr"
    assert ' lang="fr">' not in html.split("</head>", 1)[1].replace(' lang="fr">Français', "")


def test_english_legal_pages_with_declared_and_undeclared_values(client, db, settings):
    """The legal notice and the accessibility statement, with what an installation declared
    and without it: each of their sentences is translated."""
    for declared in (True, False):
        for name in ("PUBLISHER_NAME", "PUBLISHER_ADDRESS", "PUBLISHER_EMAIL", "HOST_NAME"):
            setattr(settings, name, "Association Annuaire ouvert" if declared else "")
        settings.PUBLISHER_PHONE = settings.HOST_PHONE = "01 23 45 67 89" if declared else ""
        settings.PUBLICATION_DIRECTOR = "Camille Martin" if declared else ""
        settings.CURATION_EMAILS = ["equipe@annuaire.example.org"] if declared else []
        for path in ("/en/mentions-legales/", "/en/accessibilite/", "/en/donnees-personnelles/"):
            html = client.get(path).content.decode()
            assert french_left(html) == [], (path, declared)


def test_english_proposal_form_refusals_are_english(client, kinds, geography, settings):
    """The form's errors, the image's and the commune's refusals, the look-alike entries and
    the rate limit's messages, in English."""
    settings.CURATION_EMAILS = ["curation@example.org"]
    kinds = kinds | {"repair": factories.KindFactory(name="Repair café", parent=kinds["vie"])}
    url = "/en/proposer/"
    refused = proposal_data(
        kinds,
        categories=[],
        commune="Atlantide",
        proposer_email="camille@localhost",
        consent="",
        image_alt="",
    )
    html = client.post(url, refused).content.decode()
    assert "Choose at least one kind of initiative." in html
    assert "No municipality of Île-de-France matches “Atlantide”." in html
    assert "The domain of this address is incomplete" in html
    assert "Tick this box to send your proposal" in html
    assert "Correct the 4 fields marked:" in html
    assert french_left(html) == []

    html = client.post(url, proposal_data(kinds, image=png_file())).content.decode()
    assert "Describe the image in a few words." in html
    assert french_left(html) == []

    html = client.post(url, proposal_data(kinds, jeton="")).content.decode()
    assert "The form could not be checked: send it again." in html
    assert french_left(html) == []

    existing = factories.InitiativeFactory(
        name="Repair Café du Bas-Montreuil", slug="repair-cafe-existant"
    )
    factories.LocationFactory(initiative=existing, commune=geography["montreuil"])
    html = client.post(url, proposal_data(kinds)).content.decode()
    assert "This initiative may already be in the directory" in html
    assert french_left(html) == []

    settings.PROPOSALS_PER_HOUR = 0
    response = client.post(url, proposal_data(kinds, name="Autre chose"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have already sent 0 proposals in the last hour" in html
    assert french_left(html) == []


def test_english_image_refusals_say_english_sizes(client, kinds, geography, settings):
    settings.IMAGE_MAX_BYTES = 50
    kinds = kinds | {"repair": factories.KindFactory(name="Repair café", parent=kinds["vie"])}
    html = client.post(
        "/en/proposer/", proposal_data(kinds, image=png_file(), image_alt="Un logo")
    ).content.decode()

    assert "the limit is 1 KB" in html
    assert "JPEG, PNG or WebP, 1 KB, 8,000 pixels a side and 25 megapixels at most." in html
    assert french_left(html) == []


def test_english_report_form_refusals_are_english(client, full_entry, settings):
    url = "/en/initiatives/amap-des-murs-a-peches/signaler/"
    html = client.post(url, {"message": "", "email": "x@[127.0.0.1]", "fax": ""}).content.decode()
    assert "This field is required." in html  # Django's own catalog
    assert "Give an address with a domain name" in html
    assert french_left(html) == []

    settings.REPORT_ATTEMPTS_PER_HOUR = 0
    response = client.post(url, {"message": "L'adresse a changé."})
    assert response.status_code == 429
    assert "This form has already been sent 0 times" in response.content.decode()
    assert french_left(response.content.decode()) == []


def test_a_proposal_sent_from_the_english_form_is_told_in_french_with_french_links(
    client, kinds, geography, settings, task_queue
):
    """The e-mails are French, and lead to the French pages, whichever form sent them (the
    task queue's worker writes them in the site's language)."""
    settings.CURATION_EMAILS = ["curation@example.org"]
    kinds = kinds | {"repair": factories.KindFactory(name="Repair café", parent=kinds["vie"])}

    response = client.post("/en/proposer/", proposal_data(kinds))
    task_queue.run()

    assert response.status_code == 302
    assert response.url == "/en/proposer/merci/"
    bodies = "\n".join(message.body for message in mail.outbox)
    assert len(mail.outbox) == 2
    assert f"{SITE}/donnees-personnelles/" in bodies
    assert "/en/" not in bodies


@pytest.mark.parametrize(
    ("render", "status", "heading"),
    [
        (lambda request: defaults.bad_request(request, Exception()), 400, "Request refused"),
        (lambda request: defaults.permission_denied(request, Exception()), 403, "Access denied"),
        (lambda request: csrf.csrf_failure(request), 403, "Form expired or incomplete"),
        (defaults.server_error, 500, "Something went wrong"),
        (operations.unavailable, 503, "Service temporarily unavailable"),
    ],
)
def test_error_pages_are_english_under_en_and_need_no_database(render, status, heading):
    with translation.override("en"):
        response = render(RequestFactory().get("/en/"))
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="en">' in html
    assert f"<h1>{heading}</h1>" in html
    assert '<a href="/en/">Back to the home page</a>' in html
    assert french_left(html) == []


def test_english_not_found_page_needs_no_database(client):
    response = client.get("/en/cette-page-n-existe-pas/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert '<a href="/cette-page-n-existe-pas/" hreflang="fr" lang="fr">Français</a>' in html
    assert 'rel="canonical"' not in html and 'hreflang="x-default"' not in html
    assert french_left(html) == []


def test_a_database_failure_under_en_answers_an_english_503(client, db, monkeypatch):
    def unreachable():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("directory.public.caching.data_version", unreachable)

    response = client.get("/en/initiatives/")

    assert response.status_code == 503
    assert "<h1>Service temporarily unavailable</h1>" in response.content.decode()


def test_a_request_body_too_large_under_en_is_refused_in_english(client, db, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    response = client.post(
        "/en/proposer/", data=b"x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "<h1>Upload too large</h1>" in html
    assert "What you sent is over 1 KB" in html
    assert french_left(html) == []


# --- Content stays French, marked as such ------------------------------------------------------


def test_french_content_on_an_english_page_says_its_language(client, full_entry):
    html = client.get("/en/initiatives/amap-des-murs-a-peches/").content.decode()

    assert '<h1 lang="fr">AMAP des Murs à pêches</h1>' in html
    assert '<p class="lead" lang="fr">Des paniers de légumes livrés chaque semaine.</p>' in html
    assert '<div class="prose" lang="fr"><p>Premier paragraphe.</p>' in html
    assert (
        '<p class="detail__other-names">Also known as: '
        '<span lang="fr">Les paniers des Murs</span></p>'
    ) in html
    assert "<dt>Legal form</dt><dd>Association (French 1901 law)</dd>" in html
    assert "<li>Sharing rather than patenting</li>" in html
    assert '<dd><span lang="fr">Un partenariat entre une ferme et des habitants.</span> ' in html


def test_json_ld_names_one_organisation_in_both_languages(client, full_entry):
    """Search engines read the same organisation on both pages of an entry."""
    (french,) = json_ld_of(client.get("/initiatives/amap-des-murs-a-peches/"))
    (english_data,) = json_ld_of(client.get("/en/initiatives/amap-des-murs-a-peches/"))

    organisation = f"{SITE}/initiatives/amap-des-murs-a-peches/#organisation"
    assert french["@id"] == english_data["@id"] == organisation
    assert english_data["mainEntityOfPage"] == f"{SITE}/en/initiatives/amap-des-murs-a-peches/"


def test_the_detail_page_without_a_place_says_its_scope_in_english(client, full_entry):
    html = client.get("/en/initiatives/monnaie-en-ligne/").content.decode()
    assert "<p>No precise place: scope “online”.</p>" in html


def test_dates_and_numbers_follow_the_language(client, full_entry):
    Initiative.objects.filter(pk=full_entry["entry"].pk).update(
        updated_at=timezone.make_aware(datetime(2026, 12, 1, 12))
    )
    english_page = client.get("/en/initiatives/amap-des-murs-a-peches/").content.decode()
    french = client.get("/initiatives/amap-des-murs-a-peches/").content.decode()

    assert '<time datetime="2026-12-01">1 December 2026</time>' in english_page
    assert '<time datetime="2026-12-01">1 décembre 2026</time>' in french
