"""Writes that span several models: a proposal becoming an initiative and the curators'
decisions on it, error reports, verification, and the erasure of personal data.

Each function changes the database in one transaction and records the entries' new versions
in their history; e-mails are the callers' business (``directory.notifications``), once the
transaction is over.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .forms import ErrorReportForm, ProposalForm
from .history import record_versions, update_with_history
from .models import Initiative, Location, Status
from .moderation import OPEN_STATES, ErrorReport, Proposal, ProposalState

SLUG_MAX_LENGTH = 200
RATE_WINDOW = datetime.timedelta(hours=1)


def unique_slug(name: str) -> str:
    """A slug for ``name`` that no initiative has yet: « amap-du-bas », else « amap-du-bas-2 »…"""
    base = slugify(name)[: SLUG_MAX_LENGTH - 8].strip("-") or "initiative"
    taken = set(
        Initiative.objects.filter(slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$").values_list(
            "slug", flat=True
        )
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


# --- Rate limits -------------------------------------------------------------------------------


def too_many_proposals(ip_hash: str) -> bool:
    """Whether this client address sent ``PROPOSALS_PER_HOUR`` proposals in the last hour."""
    since = timezone.now() - RATE_WINDOW
    return Proposal.objects.sent_from(ip_hash, since).count() >= settings.PROPOSALS_PER_HOUR


def too_many_reports(ip_hash: str) -> bool:
    """Whether this client address sent ``REPORTS_PER_HOUR`` error reports in the last hour."""
    since = timezone.now() - RATE_WINDOW
    return ErrorReport.objects.sent_from(ip_hash, since).count() >= settings.REPORTS_PER_HOUR


# --- Proposals ---------------------------------------------------------------------------------


@transaction.atomic
def submit_proposal(form: ProposalForm, *, ip_hash: str) -> Proposal:
    """Save a valid proposal: an initiative with the status « proposée », its kinds, its
    commune as its main place, and who proposed it. One version enters its history."""
    data = form.cleaned_data
    initiative = Initiative(
        name=data["name"].strip(),
        slug=unique_slug(data["name"]),
        summary=data["summary"].strip(),
        description=data["description"].strip(),
        website=data["website"],
        email=data["email"],
        status=Status.SUBMITTED,
    )
    if data.get("image"):
        initiative.image = data["image"]
        initiative.image_alt = data["image_alt"].strip()
    # Saved without the per-save history signals, then recorded once with its kinds.
    initiative.skip_history_when_saving = True
    initiative.save()
    initiative.categories.add(*data["categories"])
    del initiative.skip_history_when_saving
    if data.get("commune"):
        Location.objects.create(initiative=initiative, commune=data["commune"], is_primary=True)
    record_versions([initiative], user=None, reason="Proposée par le public", created=True)
    return Proposal.objects.create(
        initiative=initiative,
        proposer_name=data["proposer_name"].strip(),
        proposer_email=data["proposer_email"],
        ip_hash=ip_hash,
        duplicates_acknowledged=bool(form.duplicates),
    )


def _decide(
    proposals: Iterable[Proposal], state: str, *, user, message: str = ""
) -> list[Proposal]:
    """Set the decision on the open ``proposals`` (initiatives loaded with them) and return
    those changed."""
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
    return changed


@transaction.atomic
def publish_proposals(proposals: Iterable[Proposal], *, user) -> list[Proposal]:
    """Publish the open ones among ``proposals`` (loaded with ``select_related("initiative")``)
    and return them."""
    decided = _decide(proposals, ProposalState.ACCEPTED, user=user)
    now = timezone.now()
    initiatives = [proposal.initiative for proposal in decided]
    for initiative in initiatives:
        initiative.status = Status.PUBLISHED
        initiative.published_at = initiative.published_at or now
        initiative.updated_at = now
    update_with_history(
        initiatives,
        ["status", "published_at", "updated_at"],
        user=user,
        reason="Proposition publiée",
    )
    return decided


@transaction.atomic
def reject_proposals(proposals: Iterable[Proposal], *, user, message: str) -> list[Proposal]:
    """Refuse the open ones among ``proposals``: their entries are archived, never public."""
    decided = _decide(proposals, ProposalState.REJECTED, user=user, message=message)
    now = timezone.now()
    initiatives = [p.initiative for p in decided if p.initiative.status == Status.SUBMITTED]
    for initiative in initiatives:
        initiative.status = Status.ARCHIVED
        initiative.updated_at = now
    update_with_history(
        initiatives, ["status", "updated_at"], user=user, reason="Proposition refusée"
    )
    return decided


@transaction.atomic
def request_changes(proposals: Iterable[Proposal], *, user, message: str) -> list[Proposal]:
    """Ask the people who sent the open ones among ``proposals`` for changes; the proposals
    stay in the queue."""
    return _decide(proposals, ProposalState.CHANGES_REQUESTED, user=user, message=message)


def accept_published(initiative_ids: Iterable[int], *, user) -> list[Proposal]:
    """Close, as published, the open proposals of entries a curator published directly (from
    the initiatives' list or form rather than from the moderation queue)."""
    proposals = Proposal.objects.filter(
        initiative_id__in=list(initiative_ids), state__in=OPEN_STATES
    ).select_related("initiative")
    return _decide(proposals, ProposalState.ACCEPTED, user=user)


# --- Error reports -----------------------------------------------------------------------------


def report_error(initiative: Initiative, form: ErrorReportForm, *, ip_hash: str) -> ErrorReport:
    return ErrorReport.objects.create(
        initiative=initiative,
        message=form.cleaned_data["message"].strip(),
        email=form.cleaned_data["email"],
        ip_hash=ip_hash,
    )


def close_reports(reports: Iterable[ErrorReport], *, user) -> int:
    """Mark the open ones among ``reports`` as handled; return how many."""
    ids = [report.pk for report in reports if report.closed_at is None]
    return ErrorReport.objects.filter(pk__in=ids, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_by=user
    )


# --- Verification ------------------------------------------------------------------------------


def mark_verified(initiatives: Iterable[Initiative], *, user) -> int:
    """Record that ``user`` confirmed these entries are still accurate, without moving their
    « mis à jour le » date; return how many."""
    initiatives = list(initiatives)
    now = timezone.now()
    for initiative in initiatives:
        initiative.verified_at = now
        initiative.verified_by = user
    update_with_history(
        initiatives,
        ["verified_at", "verified_by"],
        user=user,
        reason="Vérifiée : toujours exacte",
    )
    return len(initiatives)


# --- Personal data -----------------------------------------------------------------------------


@transaction.atomic
def purge_personal_data(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Erase the personal data of contributions decided more than
    ``PERSONAL_DATA_RETENTION_DAYS`` ago: proposers' names, addresses and fingerprints (the
    decision is kept), and closed error reports entirely. Return (proposals, reports)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.PERSONAL_DATA_RETENTION_DAYS
    )
    proposals = Proposal.objects.expired(cutoff).update(
        proposer_name="", proposer_email="", ip_hash=""
    )
    reports, _ = ErrorReport.objects.filter(closed_at__lt=cutoff).delete()
    return proposals, reports
