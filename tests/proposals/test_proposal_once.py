"""A proposal form sent twice stores one proposal: each display carries a single-use key
(``envoi``), and the same form sent again (a double click, a retry after a lost answer) shows
the thanks page again and stores nothing (``directory.curation.submissions``)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from directory.models import Initiative, Location, Proposal, SubmissionKey
from tests.concurrency import simultaneously
from tests.proposals.forms import PROPOSE, THANKS, proposal_data

pytestmark = pytest.mark.usefixtures("_curation_email")

KEY_INPUT = re.compile(r'<input type="hidden" name="envoi" value="([0-9a-f-]{36})">')


def shown_key(response) -> str:
    (key,) = KEY_INPUT.findall(response.content.decode())
    return key


def test_each_display_carries_a_new_key(client, kinds, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = shown_key(client.get(PROPOSE))
    second = shown_key(client.get(PROPOSE))
    assert uuid.UUID(first) != uuid.UUID(second)


def test_the_same_form_sent_again_stores_nothing_new(
    client, kinds, geography, task_queue, django_assert_num_queries
):
    data = proposal_data(kinds, envoi=str(uuid.uuid4()))
    first = client.post(PROPOSE, data)
    assert first.status_code == 302
    assert first["Location"] == THANKS
    # Sent again: the lock on the address, the key found.
    with django_assert_num_queries(2):
        again = client.post(PROPOSE, data)

    assert again.status_code == 302
    assert again["Location"] == THANKS
    assert Proposal.objects.count() == 1
    assert Initiative.objects.count() == 1
    assert Location.objects.count() == 1
    assert SubmissionKey.objects.get().key == uuid.UUID(data["envoi"])
    # The curators were told once, the proposer thanked once.
    assert sorted(name for name, *_ in task_queue.jobs()) == [
        "acknowledge_proposal",
        "tell_curators_of_proposal",
    ]


def test_a_form_sent_again_at_the_limit_still_thanks(client, kinds, geography, settings):
    """The key is checked before the rate limit: the double click of the last proposal allowed
    is no new proposal, and no refusal."""
    settings.PROPOSALS_PER_HOUR = 1
    data = proposal_data(kinds, envoi=str(uuid.uuid4()))
    assert client.post(PROPOSE, data).status_code == 302
    again = client.post(PROPOSE, data)
    assert again.status_code == 302
    assert again["Location"] == THANKS
    assert client.post(PROPOSE, data | {"envoi": str(uuid.uuid4())}).status_code == 429
    assert Proposal.objects.count() == 1


def test_a_form_refused_keeps_its_key_unused(client, kinds, geography):
    """Nothing stored, no key kept: the form corrected and sent with the same key is stored."""
    key = str(uuid.uuid4())
    refused = client.post(PROPOSE, proposal_data(kinds, envoi=key, summary=""))
    assert refused.status_code == 200
    assert SubmissionKey.objects.count() == 0
    assert client.post(PROPOSE, proposal_data(kinds, envoi=key)).status_code == 302
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize("envoi", ["", "not-a-uuid", "0" * 40])
def test_a_form_without_a_valid_key_is_stored_each_time(client, kinds, geography, envoi):
    """A client that drops or garbles the key is not refused (the key is no defence)."""
    data = proposal_data(kinds, envoi=envoi)
    assert client.post(PROPOSE, data).status_code == 302
    assert client.post(PROPOSE, data | {"name": "Un autre nom"}).status_code == 302
    assert Proposal.objects.count() == 2
    assert SubmissionKey.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("addresses", ["one", "several"], ids=["one-address", "several"])
def test_a_form_sent_many_times_at_once_is_stored_once(kinds, geography, settings, addresses):
    """Eight copies of one form at the same instant: from one address they are ordered by the
    address's lock and seven find the key stored; from eight addresses they race, and the
    key's primary index makes seven wait for the first and roll back. Every copy gets the
    thanks page."""
    settings.PROPOSALS_PER_HOUR = 10
    data = proposal_data(kinds, envoi=str(uuid.uuid4()))

    def propose(number: int) -> tuple[int, str]:
        address = "198.51.100.7" if addresses == "one" else f"198.51.100.{number + 1}"
        response = Client(raise_request_exception=False).post(PROPOSE, data, REMOTE_ADDR=address)
        return response.status_code, response.get("Location", "")

    results, errors = simultaneously(8, propose)

    assert errors == []
    assert results == [(302, THANKS)] * 8
    assert Proposal.objects.count() == 1
    assert Initiative.objects.count() == 1
    assert SubmissionKey.objects.count() == 1
