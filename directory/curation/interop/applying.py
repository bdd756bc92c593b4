"""Writing a confirmed import: one transaction, one batch, each row's entry created or updated
with its external identifier, its history and the provenance of the facts it set.

New entries are drafts: a curator publishes them (``directory.curation.publishing``). An update
sets only the values the file gives (a field the file leaves empty keeps the entry's), adds the
file's kinds to the entry's, and moves its primary place to the file's; the status is left
alone. Rows in error, and possible duplicates the curator did not link, are not written. A
data·inclusion service updates its structure's entry: its kinds, and its hours on the main
place when that has none (recorded as the provenance of the places, « adresse »).
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from ...models import Commune, ExternalIdentifier, ImportBatch, Initiative, Location, Origin
from ..history import refresh_last_version
from ..provenance import record
from .matching import Outcome, PlannedRow, place_values, primary_place


@transaction.atomic
def apply(
    planned: list[PlannedRow],
    *,
    file_format: str,
    file_name: str,
    publisher: str = "",
    user=None,
    linked: Collection[int] = (),
) -> ImportBatch:
    """Write ``planned`` (``matching.plan``'s); a possible duplicate whose row number is in
    ``linked`` updates the entry it looks like, the others are skipped."""
    batch = ImportBatch.objects.create(
        format=file_format, file_name=file_name[:255], publisher=publisher[:200], imported_by=user
    )
    reason = f"Import {batch.get_format_display()} : {batch.file_name}"
    changes = []
    for each in planned:
        if each.outcome == Outcome.ERROR or (
            each.outcome == Outcome.DUPLICATE and each.row.number not in linked
        ):
            batch.skipped_count += 1
            continue
        entry = each.target if each.outcome != Outcome.NEW else None
        if entry is None:
            entry, fields = _create(each, user, reason), _given(each)
            batch.created_count += 1
        else:
            fields = _update(entry, each, user, reason)
            batch.updated_count += 1
        ExternalIdentifier.objects.update_or_create(
            format=file_format,
            external_id=each.row.external_id,
            defaults={"initiative": entry, "last_batch": batch},
        )
        changes.append((entry, fields))
    batch.save(update_fields=["created_count", "updated_count", "skipped_count"])
    record(changes, origin=Origin.IMPORT, batch=batch, user=user, now=batch.imported_at)
    return batch


def _given(each: PlannedRow) -> list[str]:
    fields = list(each.row.values)
    if each.categories:
        fields.append("categories")
    if each.commune is not None:
        fields.append("places")
    return fields


def _stamp(instance, user, reason: str) -> None:
    instance._history_user = user
    instance._change_reason = reason


def _create(each: PlannedRow, user, reason: str) -> Initiative:
    entry = Initiative(**each.row.values)
    entry.slug = Initiative.objects.free_slug(entry.name)
    _stamp(entry, user, reason)
    entry.save()
    if each.categories:
        _set_categories(entry, each.categories)
    if each.commune is not None:
        place = Location(
            initiative=entry, commune=each.commune, is_primary=True, **place_values(each.row)
        )
        _stamp(place, user, reason)
        place.save()
    return entry


def _update(entry: Initiative, each: PlannedRow, user, reason: str) -> list[str]:
    """Set the row's values on ``entry``; return the public fields that changed."""
    changed = [name for name, value in each.row.values.items() if getattr(entry, name) != value]
    for name in changed:
        setattr(entry, name, each.row.values[name])
    current = list(entry.categories.all())
    added = [category for category in each.categories if category not in current]
    if changed or added:
        # One version, completed with the kinds added.
        _stamp(entry, user, reason)
        entry.save()
    if added:
        _set_categories(entry, current + added)
        changed.append("categories")
    if each.commune is not None and _move_place(entry, each.commune, each, user, reason):
        changed.append("places")
    if each.row.opening_hours and _fill_hours(entry, each.row.opening_hours, user, reason):
        changed.append("places")
    return changed


def _fill_hours(entry: Initiative, hours: str, user, reason: str) -> bool:
    """Give the entry's main place these hours when it has none."""
    place = primary_place(entry)
    if place is None or place.opening_hours:
        return False
    place.opening_hours = hours
    _stamp(place, user, reason)
    place.save()
    return True


def _set_categories(entry: Initiative, categories: list) -> None:
    # One version per save, completed with the kinds (as the admin's form does).
    entry.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        entry.categories.set(categories)
    finally:
        del entry.skip_history_when_saving  # type: ignore[attr-defined]
    refresh_last_version(entry)


def _move_place(entry: Initiative, commune: Commune, each: PlannedRow, user, reason: str) -> bool:
    """Give the entry's primary place the row's commune and the address values it gives."""
    place = primary_place(entry) or Location(initiative=entry, is_primary=True)
    given = {
        name: value for name, value in place_values(each.row).items() if value not in ("", None)
    }
    if (
        place.pk
        and place.commune_id == commune.pk
        and all(getattr(place, name) == value for name, value in given.items())
    ):
        return False
    if place.pk and place.commune_id != commune.pk:
        # Another commune: the old address and position are not this one's.
        place.address, place.postcode, place.latitude, place.longitude = "", "", None, None
    place.commune = commune
    for name, value in given.items():
        setattr(place, name, value)
    place.is_primary = place.is_primary or not entry.locations.filter(is_primary=True).exists()
    _stamp(place, user, reason)
    place.save()
    return True
