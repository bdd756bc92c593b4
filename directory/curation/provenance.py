"""Recording where an entry's public facts come from (``FieldProvenance``).

The one rule: whoever writes a public field records its origin in the same transaction. The
admin's change form records the curator (or the source the curator names) for the fields it
changed; an import records its batch for the fields it set. The former row of each field
stays, no longer current: the field's history of origins.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import FieldProvenance, ImportBatch, Initiative, Origin, ProvenanceField, Source


def tracked_fields(names: Iterable[str]) -> list[str]:
    """The public facts among form field names, in a fixed order."""
    names = set(names)
    return [field for field in ProvenanceField.values if field in names]


def record(
    changes: Iterable[tuple[Initiative, Iterable[str]]],
    *,
    origin: str,
    user=None,
    source: Source | None = None,
    batch: ImportBatch | None = None,
    now: datetime.datetime | None = None,
    new_entries: bool = False,
) -> list[FieldProvenance]:
    """Make ``origin`` the current provenance of each (entry, fields) of ``changes``: two
    queries whatever their number, one for ``new_entries`` (no former row to retire)."""
    now = now or timezone.now()
    rows = [
        FieldProvenance(
            initiative=initiative,
            field=field,
            origin=origin,
            user=user,
            source=source,
            batch=batch,
            recorded_at=now,
        )
        for initiative, fields in changes
        for field in tracked_fields(fields)
    ]
    if not rows:
        return []
    # The former rows, field by field: at most one condition per field, whatever the entries.
    by_field: dict[str, set[int]] = {}
    for row in rows:
        by_field.setdefault(row.field, set()).add(row.initiative.pk)
    former = Q()
    for field, initiative_ids in by_field.items():
        former |= Q(field=field, initiative_id__in=initiative_ids)
    with transaction.atomic(savepoint=False):
        if not new_entries:
            FieldProvenance.objects.current().filter(former).update(is_current=False)
        return FieldProvenance.objects.bulk_create(rows)


def record_edit(
    initiative: Initiative, fields: Iterable[str], *, user, source: Source | None = None
) -> list[FieldProvenance]:
    """A curator changed ``fields`` of ``initiative`` (form field names; ``places`` for its
    places): their origin is the curators, or ``source`` when the curator names one."""
    return record(
        [(initiative, fields)],
        origin=Origin.SOURCE if source is not None else Origin.CURATOR,
        user=user,
        source=source,
    )
