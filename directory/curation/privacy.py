"""Erasing the public's personal data once it is no longer needed."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import ErrorReport, Proposal


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
