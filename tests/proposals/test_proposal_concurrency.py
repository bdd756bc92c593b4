"""Proposals sent at the same instant: each gets a slug of its own, and one client address
never gets past its rate limit (real threads, committed rows)."""

from __future__ import annotations

import pytest
from django.test import Client

from directory.models import Initiative, Proposal
from tests.concurrency import simultaneously
from tests.proposals.forms import PROPOSE, proposal_data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("_curation_email")]


def test_simultaneous_proposals_of_one_name_get_distinct_slugs(kinds, geography, settings):
    settings.PROPOSALS_PER_HOUR = 5
    data = proposal_data(kinds, name="Repair Café du Bas-Montreuil")

    def propose(number: int) -> int:
        address = f"198.51.100.{number + 1}"
        return (
            Client(raise_request_exception=False)
            .post(PROPOSE, data, REMOTE_ADDR=address)
            .status_code
        )

    statuses, errors = simultaneously(8, propose)

    assert errors == []
    assert statuses == [302] * 8
    slugs = sorted(Initiative.objects.values_list("slug", flat=True))
    assert slugs == ["repair-cafe-du-bas-montreuil"] + [
        f"repair-cafe-du-bas-montreuil-{number}" for number in range(2, 9)
    ]
    assert Proposal.objects.count() == 8


def test_simultaneous_proposals_from_one_address_stop_at_the_limit(kinds, geography, settings):
    settings.PROPOSALS_PER_HOUR = 5

    def propose(number: int) -> int:
        data = proposal_data(kinds, name=f"Initiative {number}", commune="")
        return (
            Client(raise_request_exception=False)
            .post(PROPOSE, data, REMOTE_ADDR="198.51.100.4")
            .status_code
        )

    statuses, errors = simultaneously(10, propose)

    assert errors == []
    assert sorted(statuses) == [302] * 5 + [429] * 5
    assert Proposal.objects.count() == 5
    assert Initiative.objects.count() == 5
