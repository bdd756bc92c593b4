"""A proposal from the public, and the curators' three answers to it.

Each function changes the database in one transaction, records the entries' new versions in
their history, and queues the e-mails that tell of it in the same transaction
(``directory.curation.notifications``; the decisions' messages through ``decisions.decide``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from ..models import (
    Category,
    Commune,
    Initiative,
    Location,
    Origin,
    Proposal,
    ProposalState,
    Status,
    SubmittedForm,
)
from . import notifications
from .decisions import decide
from .history import record_versions
from .provenance import record
from .publishing import apply_status, archive, publish
from .submissions import file_removed_on_failure, keep_key, write_upload


@dataclass(frozen=True)
class ProposedInitiative:
    """What the public tells about an initiative (``/proposer/``), already validated."""

    name: str
    summary: str
    categories: list[Category]
    proposer_name: str
    proposer_email: str
    description: str = ""
    website: str = ""
    email: str = ""
    commune: Commune | None = None
    image: object | None = None
    image_alt: str = ""
    duplicates_acknowledged: bool = False
    # The form's single-use key (``directory.curation.submissions``).
    submission_key: uuid.UUID | None = None


def submit_proposal(proposed: ProposedInitiative, *, ip_hash: str) -> Proposal:
    """Save a proposal: an initiative with the status « proposée », its kinds, its commune as
    its main place, and who proposed it. One version enters its history; the curators'
    notification and the acknowledgement are queued.

    Once and whole (``directory.curation.submissions``): ``AlreadyReceived`` when its form's
    key is stored already, ``MediaStorageFailed`` when its image cannot be written; either
    way nothing is stored."""
    if not proposed.image:
        return _store_proposal(proposed, ip_hash, image="")
    field = Initiative._meta.get_field("image")
    image = write_upload(field, proposed.image)
    with file_removed_on_failure(field, image):
        return _store_proposal(proposed, ip_hash, image=image)


@transaction.atomic
def _store_proposal(proposed: ProposedInitiative, ip_hash: str, *, image: str) -> Proposal:
    """The rows of ``submit_proposal``, in one transaction; ``image``: the stored name of its
    image, already written, or ``""``."""
    keep_key(proposed.submission_key, SubmittedForm.PROPOSAL)
    initiative = Initiative(
        name=proposed.name.strip(),
        # Locked until the commit: simultaneous proposals of one name get distinct slugs.
        slug=Initiative.objects.reserve_slug(proposed.name),
        summary=proposed.summary.strip(),
        description=proposed.description.strip(),
        website=proposed.website,
        email=proposed.email,
    )
    apply_status(initiative, Status.SUBMITTED)
    if image:
        initiative.image = image
        initiative.image_alt = proposed.image_alt.strip()
    # Saved without the per-save history signals, then recorded once with its kinds.
    initiative.skip_history_when_saving = True
    initiative.save()
    initiative.categories.add(*proposed.categories)
    del initiative.skip_history_when_saving
    if proposed.commune is not None:
        Location.objects.create(initiative=initiative, commune=proposed.commune, is_primary=True)
    record_versions([initiative], user=None, reason="Proposée par le public", created=True)
    # What the proposer gave is, until a curator changes it, the origin of those facts.
    given = {
        "name": True,
        "summary": True,
        "description": bool(initiative.description),
        "website": bool(initiative.website),
        "email": bool(initiative.email),
        "categories": bool(proposed.categories),
        "image": bool(image),
        "places": proposed.commune is not None,
    }
    record(
        [(initiative, [field for field, set_ in given.items() if set_])],
        origin=Origin.PROPOSAL,
        new_entries=True,
    )
    proposal = Proposal.objects.create(
        initiative=initiative,
        proposer_name=proposed.proposer_name.strip(),
        proposer_email=proposed.proposer_email,
        ip_hash=ip_hash,
        duplicates_acknowledged=proposed.duplicates_acknowledged,
    )
    notifications.proposal_received(proposal)
    return proposal


@transaction.atomic
def publish_proposals(proposals: Iterable[Proposal], *, user) -> list[Proposal]:
    """Publish the open ones among ``proposals`` (loaded with ``select_related("initiative")``)
    and return them."""
    decided = decide(proposals, ProposalState.ACCEPTED, user=user)
    publish(
        [proposal.initiative for proposal in decided],
        user=user,
        reason="Proposition publiée",
        accept_proposals=False,
    )
    return decided


@transaction.atomic
def reject_proposals(proposals: Iterable[Proposal], *, user, message: str) -> list[Proposal]:
    """Refuse the open ones among ``proposals``: their entries are archived, never public."""
    decided = decide(proposals, ProposalState.REJECTED, user=user, message=message)
    archive(
        [p.initiative for p in decided if p.initiative.status == Status.SUBMITTED],
        user=user,
        reason="Proposition refusée",
    )
    return decided


@transaction.atomic
def request_changes(proposals: Iterable[Proposal], *, user, message: str) -> list[Proposal]:
    """Ask the people who sent the open ones among ``proposals`` for changes; the proposals
    stay in the queue."""
    return decide(proposals, ProposalState.CHANGES_REQUESTED, user=user, message=message)
