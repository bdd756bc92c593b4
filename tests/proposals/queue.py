"""The curators' queue of proposals: its URL, proposals waiting in it, what a page of it shows."""

from __future__ import annotations

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from directory.models import Proposal
from tests import factories

QUEUE = reverse("admin:directory_proposal_changelist")


def queue_names(response) -> list[str]:
    return [proposal.initiative.name for proposal in response.context["cl"].result_list]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def proposal(name: str, days_ago: int = 0, **kwargs) -> Proposal:
    return factories.ProposalFactory(
        initiative__name=name,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )
