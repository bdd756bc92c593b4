"""Attempts at the proposal form: every POST counts for its client address, valid or not,
stored or not, so that posts refused before anything is saved cannot be sent without end."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import Initiative
from tests.image_files import png_header
from tests.proposals.forms import PROPOSE, proposal_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]

ADDRESS = "198.51.100.4"
LIMIT_MESSAGE = (
    "Ce formulaire a déjà été envoyé 3 fois depuis votre adresse en une heure, qu'il ait "
    "été accepté ou non"
)


@pytest.fixture(autouse=True)
def _three_attempts(settings):
    settings.PROPOSAL_ATTEMPTS_PER_HOUR = 3
    settings.PROPOSALS_PER_HOUR = 10


def invalid(kinds) -> dict:
    return proposal_data(kinds, proposer_email="pas-une-adresse")


def test_invalid_posts_count_and_then_even_a_valid_one_is_refused(client, kinds, geography):
    statuses = [client.post(PROPOSE, invalid(kinds), REMOTE_ADDR=ADDRESS).status_code]
    statuses += [client.post(PROPOSE, invalid(kinds), REMOTE_ADDR=ADDRESS).status_code]
    statuses += [client.post(PROPOSE, invalid(kinds), REMOTE_ADDR=ADDRESS).status_code]

    refused = client.post(PROPOSE, proposal_data(kinds, name="Valide"), REMOTE_ADDR=ADDRESS)

    assert statuses == [200, 200, 200]
    content = refused.content.decode()
    assert refused.status_code == 429
    assert LIMIT_MESSAGE in content
    assert "<title>Erreur — Proposer une initiative" in content
    assert 'value="Valide"' in content  # What was typed is kept,
    assert "Corrigez" not in content  # unchecked: the limit is the only message.
    assert not Initiative.objects.exists()


def test_posts_with_a_refused_image_count(client, kinds, geography):
    for _ in range(3):
        image = SimpleUploadedFile("plan.png", png_header(6_000, 6_000), "image/png")
        data = proposal_data(kinds, image=image, image_alt="Un plan")
        assert client.post(PROPOSE, data, REMOTE_ADDR=ADDRESS).status_code == 200

    assert client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR=ADDRESS).status_code == 429


def test_accepted_proposals_count_as_attempts_too(client, kinds, geography):
    for number in range(3):
        data = proposal_data(kinds, name=f"Initiative {number}", commune="")
        assert client.post(PROPOSE, data, REMOTE_ADDR=ADDRESS).status_code == 302

    refused = client.post(PROPOSE, proposal_data(kinds, name="Une de trop"), REMOTE_ADDR=ADDRESS)

    assert refused.status_code == 429
    assert LIMIT_MESSAGE in refused.content.decode()
    assert Initiative.objects.count() == 3


def test_attempts_are_counted_per_client_address(client, kinds, geography):
    for _ in range(3):
        client.post(PROPOSE, invalid(kinds), REMOTE_ADDR=ADDRESS)

    elsewhere = client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR="198.51.100.5")
    same_ipv6_network = [
        client.post(PROPOSE, invalid(kinds), REMOTE_ADDR=f"2001:db8:1:2::{number}").status_code
        for number in range(1, 5)
    ]

    assert elsewhere.status_code == 302
    assert same_ipv6_network == [200, 200, 200, 429]


def test_displaying_the_form_is_no_attempt(client, kinds, geography):
    for _ in range(5):
        assert client.get(PROPOSE, REMOTE_ADDR=ADDRESS).status_code == 200

    assert client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR=ADDRESS).status_code == 302


def test_emptying_the_page_cache_does_not_reset_the_attempts(client, kinds, geography):
    for _ in range(3):
        client.post(PROPOSE, invalid(kinds), REMOTE_ADDR=ADDRESS)

    cache.clear()

    assert client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR=ADDRESS).status_code == 429


def test_attempts_count_again_from_zero_an_hour_later(client, kinds, geography, monkeypatch):
    for _ in range(4):
        client.post(PROPOSE, invalid(kinds), REMOTE_ADDR=ADDRESS)
    later = time.time() + 3600 + 10
    monkeypatch.setattr(time, "time", lambda: later)

    response = client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR=ADDRESS)

    assert response.status_code == 302
