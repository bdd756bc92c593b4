"""Errors reported by the public on published entries, and their handling by curators."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ..models import ErrorReport, Initiative, SubmittedForm
from . import notifications
from .submissions import keep_key


# One transaction for the report and its job; no savepoint inside the request's own (nothing
# in it is to be rolled back on its own).
@transaction.atomic(savepoint=False)
def report_error(
    initiative: Initiative,
    *,
    message: str,
    email: str,
    ip_hash: str,
    submission_key: uuid.UUID | None = None,
) -> ErrorReport:
    """Record a visitor's report of an error on ``initiative``, and queue the curators'
    notification of it in the same transaction. ``AlreadyReceived`` when the key of its form
    is stored already (``directory.curation.submissions``)."""
    keep_key(submission_key, SubmittedForm.REPORT)
    report = ErrorReport.objects.create(
        initiative=initiative, message=message.strip(), email=email, ip_hash=ip_hash
    )
    notifications.report_received(report)
    return report


def close_reports(reports: Iterable[ErrorReport], *, user) -> int:
    """Mark the open ones among ``reports`` as handled; return how many."""
    ids = [report.pk for report in reports if report.closed_at is None]
    return ErrorReport.objects.filter(pk__in=ids, closed_at__isnull=True).update(
        closed_at=timezone.now(), closed_by=user
    )
