"""The proposal form's defences: the honeypot, the signed timestamp, the rate limit per client
address, and how that address is read."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from directory.models import Initiative
from directory.public.antispam import client_ip, ip_hash, issue_token
from tests import factories
from tests.proposals.forms import PROPOSE, proposal_data, token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]


def test_filled_honeypot_is_refused_and_nothing_is_saved(client, kinds, geography):
    response = client.post(PROPOSE, proposal_data(kinds, fax="+33 1 23 45 67 89"))

    assert response.status_code == 200
    assert "Votre envoi n&#x27;a pas pu être accepté" in response.content.decode()
    assert not Initiative.objects.exists()
    assert not mail.outbox


def test_form_sent_right_after_display_is_refused(client, kinds, geography):
    response = client.post(PROPOSE, proposal_data(kinds, jeton=token(seconds_ago=0)))

    assert response.status_code == 200
    assert "envoyé très vite" in response.content.decode()
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("jeton", ["", "forged", issue_token()[:-2] + "xx"])
def test_missing_or_forged_timestamp_is_refused(client, kinds, geography, jeton):
    response = client.post(PROPOSE, proposal_data(kinds, jeton=jeton))

    assert "n&#x27;a pas pu être vérifié" in response.content.decode()
    assert not Initiative.objects.exists()


def test_form_left_open_too_long_must_be_sent_again(client, kinds, geography, settings):
    settings.CONTRIBUTION_MAX_AGE_SECONDS = 3600

    response = client.post(PROPOSE, proposal_data(kinds, jeton=token(seconds_ago=7200)))

    assert "ouvert depuis trop longtemps" in response.content.decode()
    assert not Initiative.objects.exists()


def test_each_display_carries_a_fresh_timestamp(client, kinds, geography, settings):
    # Refused as sent too fast, however long a loaded machine takes to answer.
    settings.CONTRIBUTION_MIN_SECONDS = 600
    old = token(seconds_ago=2)

    content = client.post(PROPOSE, proposal_data(kinds, jeton=old)).content.decode()

    assert 'name="jeton"' in content
    assert f'value="{old}"' not in content


def test_rate_limit_per_client_address(client, kinds, geography, settings):
    settings.PROPOSALS_PER_HOUR = 2
    for number in range(2):
        data = proposal_data(kinds, name=f"Initiative {number}", commune="")
        assert client.post(PROPOSE, data, REMOTE_ADDR="198.51.100.4").status_code == 302

    refused = client.post(
        PROPOSE, proposal_data(kinds, name="Une de trop", commune=""), REMOTE_ADDR="198.51.100.4"
    )
    elsewhere = client.post(
        PROPOSE, proposal_data(kinds, name="Ailleurs", commune=""), REMOTE_ADDR="198.51.100.5"
    )

    content = refused.content.decode()
    assert refused.status_code == 429
    assert "Vous avez déjà envoyé 2 propositions depuis une heure" in content
    assert "Une de trop" in content  # What was typed is kept, kinds included,
    pk = kinds["repair"].pk
    assert f'value="{pk}" id="id_categories_{pk}" checked' in content
    assert "Corrigez" not in content  # and not checked: the limit is the only message.
    assert elsewhere.status_code == 302
    assert set(Initiative.objects.values_list("name", flat=True)) == {
        "Initiative 0",
        "Initiative 1",
        "Ailleurs",
    }


def test_rate_limit_counts_the_last_hour_only(client, kinds, geography, settings, rf):
    settings.PROPOSALS_PER_HOUR = 1
    request = rf.get("/", REMOTE_ADDR="198.51.100.4")
    factories.ProposalFactory(
        ip_hash=ip_hash(request), submitted_at=timezone.now() - datetime.timedelta(minutes=61)
    )

    response = client.post(PROPOSE, proposal_data(kinds), REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 302


def test_rate_limit_counts_an_ipv6_network_as_one_address(client, kinds, geography, settings):
    settings.PROPOSALS_PER_HOUR = 1
    first = client.post(PROPOSE, proposal_data(kinds, commune=""), REMOTE_ADDR="2001:db8:1:2::1")

    second = client.post(
        PROPOSE,
        proposal_data(kinds, name="Autre", commune=""),
        REMOTE_ADDR="2001:db8:1:2:ffff::9",
    )

    assert first.status_code == 302
    assert second.status_code == 429


def test_client_address_behind_a_trusted_proxy_is_read_from_the_right(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23")

    assert client_ip(request) == "198.51.100.23"


def test_forwarded_header_is_ignored_without_a_trusted_proxy(rf):
    request = rf.get("/", REMOTE_ADDR="198.51.100.23", HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert client_ip(request) == "198.51.100.23"


@pytest.mark.parametrize("address", ["", "not-an-address"])
def test_unparsable_client_address_falls_back_to_a_placeholder(rf, address):
    assert client_ip(rf.get("/", REMOTE_ADDR=address)) == "0.0.0.0"
