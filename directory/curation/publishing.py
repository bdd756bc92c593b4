"""Publishing and archiving entries: the only code that changes an entry's status.

``apply_status`` is the rule, in memory: a published entry keeps the date of its first
publication. ``publish`` and ``archive`` are the write paths used by the admin's actions, the
moderation queue, the tests and the commands: one UPDATE, a version of each entry in its
history, and (for a publication) the entry's open proposal accepted. Forms that save a whole
entry (the admin's change form, a spreadsheet import) call ``apply_status`` before saving.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..models import Initiative, Proposal, Status
from .decisions import accept_proposals_of
from .history import update_with_history

STATUS_FIELDS = ["status", "published_at", "updated_at"]


def apply_status(initiative: Initiative, status: str, now: datetime.datetime | None = None) -> None:
    """Give ``initiative`` the ``status`` in memory, with the dates that go with it: when it
    changed, and for a publication the first publication's date (kept once set)."""
    now = now or timezone.now()
    initiative.status = status
    if status == Status.PUBLISHED and initiative.published_at is None:
        initiative.published_at = now
    initiative.updated_at = now


@dataclass
class Published:
    """What a publication changed: the entries newly published, and the proposals accepted
    with them (whose senders are to be told)."""

    initiatives: list[Initiative] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)


def _change_status(
    initiatives: Iterable[Initiative], status: str, *, user, reason: str
) -> list[Initiative]:
    now = timezone.now()
    changed = [initiative for initiative in initiatives if initiative.status != status]
    for initiative in changed:
        apply_status(initiative, status, now)
    update_with_history(changed, STATUS_FIELDS, user=user, reason=reason)
    return changed


@transaction.atomic
def publish(
    initiatives: Iterable[Initiative],
    *,
    user=None,
    reason: str = "Publiée",
    accept_proposals: bool = True,
) -> Published:
    """Make the entries not yet published public (fully loaded instances: each version copies
    every field), and accept their open proposals unless ``accept_proposals`` is false (the
    moderation queue decides them itself)."""
    changed = _change_status(initiatives, Status.PUBLISHED, user=user, reason=reason)
    proposals = []
    if accept_proposals and changed:
        proposals = accept_proposals_of([initiative.pk for initiative in changed], user=user)
    return Published(changed, proposals)


@transaction.atomic
def archive(
    initiatives: Iterable[Initiative], *, user=None, reason: str = "Archivée"
) -> list[Initiative]:
    """Withdraw the entries not yet archived from the public site (curators still see them);
    return them."""
    return _change_status(initiatives, Status.ARCHIVED, user=user, reason=reason)
