"""Confirming that published entries are still accurate (the verification queue)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from ..models import Initiative
from .history import update_with_history


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
