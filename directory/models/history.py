"""How versions of the entries are recorded (django-simple-history)."""

from __future__ import annotations

from simple_history.models import HistoricalRecords


class History(HistoricalRecords):
    """django-simple-history's versions, with an empty change reason rather than none (which
    its admin shows as « None »)."""

    def get_change_reason_for_object(self, instance, history_type, using) -> str:
        return super().get_change_reason_for_object(instance, history_type, using) or ""
