"""Recording changes made in bulk in the entries' history (django-simple-history).

Saving one initiative records a version through signals. Changes made to many at once (admin
actions, moderation, verification) go through ``update_with_history``: one UPDATE, then each
entry's new version, kinds and sources included, in a fixed number of queries whatever the
number of entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction

from ..models import Category, Initiative


def update_with_history(
    initiatives: Sequence[Initiative], fields: Sequence[str], *, user, reason: str | None
) -> None:
    """Write ``fields`` of ``initiatives`` (changed in memory) and record a version of each,
    by ``user`` with ``reason`` as its change reason.

    The instances must be fully loaded: a version copies every tracked field.
    """
    if not initiatives:
        return
    # Within the caller's transaction when there is one (no savepoint of its own).
    with transaction.atomic(savepoint=False):
        if fields:
            Initiative.objects.bulk_update(initiatives, fields)
        record_versions(initiatives, user=user, reason=reason)


def record_versions(
    initiatives: Sequence[Initiative], *, user, reason: str | None, created: bool = False
) -> None:
    """Record the current state of ``initiatives`` as new versions (« Created » ones when
    ``created``), with their kinds and sources as they are in the database."""
    records = Initiative.history.bulk_history_create(
        initiatives,
        update=not created,
        default_user=user,
        default_change_reason=reason or "",
    )
    _copy_relations({record.id: record for record in records})


def _copy_relations(versions: dict) -> None:
    """Copy the current kinds and sources of each initiative into its version
    (``{initiative id: historical record}``): two queries per relation."""
    history_model = Initiative.history.model
    for field in history_model._history_m2m_fields:
        m2m_history_model = getattr(history_model, field.name).model
        target = f"{field.m2m_reverse_field_name()}_id"
        rows = field.remote_field.through.objects.filter(initiative_id__in=versions).values_list(
            "pk", "initiative_id", target
        )
        m2m_history_model.objects.bulk_create(
            m2m_history_model(
                history=versions[initiative_id],
                id=pk,
                initiative_id=initiative_id,
                **{target: target_id},
            )
            for pk, initiative_id, target_id in rows
        )


def refresh_last_version(initiative: Initiative) -> None:
    """Make the last recorded version of ``initiative`` hold its kinds and sources as they are
    now: a form saves the entry (which records a version) before its many-to-many fields."""
    history_model = Initiative.history.model
    last = (
        Initiative.history.filter(id=initiative.pk).order_by("-history_date", "-history_id").first()
    )
    if last is None:
        return
    for field in history_model._history_m2m_fields:
        getattr(history_model, field.name).model.objects.filter(history=last).delete()
    _copy_relations({initiative.pk: last})


def relations_of_versions(versions: Sequence) -> dict[str, dict[int, list]]:
    """The kinds and sources of each version, in one query per relation:
    ``{"categories": {history_id: [Category, …]}, "sources": {…}}``, each list sorted."""
    history_model = Initiative.history.model
    ids = [version.history_id for version in versions]
    relations: dict[str, dict[int, list]] = {}
    for field in history_model._history_m2m_fields:
        target = field.m2m_reverse_field_name()
        related = [target]
        if field.related_model is Category:
            related.append(f"{target}__parent")  # « Domaine › Type »
        rows = (
            getattr(history_model, field.name)
            .model.objects.filter(history_id__in=ids)
            .select_related(*related)
            .order_by(target)
        )
        by_version: dict[int, list] = defaultdict(list)
        for row in rows:
            by_version[row.history_id].append(getattr(row, target))
        relations[field.name] = by_version
    return relations
