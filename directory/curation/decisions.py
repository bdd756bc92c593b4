"""The curators' decisions on the public's proposals, as recorded on each proposal, and the
message each decision sends its proposer (queued in the same transaction)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ..models import OPEN_STATES, Proposal, ProposalState
from . import notifications


# Its callers' transaction (no savepoint): the decisions and their messages' jobs together.
@transaction.atomic(savepoint=False)
def decide(proposals: Iterable[Proposal], state: str, *, user, message: str = "") -> list[Proposal]:
    """Record the decision ``state`` on the open ones among ``proposals``, queue the message
    telling each proposer, and return those changed (the others were already decided)."""
    changed = [proposal for proposal in proposals if proposal.state in OPEN_STATES]
    now = timezone.now()
    for proposal in changed:
        proposal.state = state
        proposal.decision_message = message
        proposal.decided_at = now
        proposal.decided_by = user
    if changed:
        Proposal.objects.bulk_update(
            changed, ["state", "decision_message", "decided_at", "decided_by"]
        )
        notifications.proposals_decided(changed)
    return changed


def accept_proposals_of(initiative_ids: Iterable[int], *, user) -> list[Proposal]:
    """Close, as published, the open proposals of entries just published (from the entries'
    list or form rather than from the moderation queue)."""
    proposals = Proposal.objects.filter(
        initiative_id__in=list(initiative_ids), state__in=OPEN_STATES
    ).select_related("initiative")
    return decide(proposals, ProposalState.ACCEPTED, user=user)
