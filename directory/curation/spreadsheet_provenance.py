"""The provenance of what a spreadsheet import writes (``directory.curation.imports``): a mixin
of its resource. Each saved row's public columns are compared with the entry as it was; once
the whole file is imported (never in the preview, which is rolled back), one batch of format
« tableur » records them as the origin of the facts that changed (``provenance.record``).
"""

from __future__ import annotations

from typing import Any

from ..models import ImportBatch, ImportFormat, Initiative, Origin
from .provenance import record

# The resource's fields that are public facts, as ``ProvenanceField`` names them.
TRACKED = {
    "name": "name",
    "other_names": "other_names",
    "summary": "summary",
    "description": "description",
    "categories": "categories",
    "legal_form": "legal_form",
    "year_founded": "year_founded",
    "scope": "scope",
    "principles": "principles",
    "website": "website",
    "email": "email",
    "phone": "phone",
    "siret": "siret",
    "rna": "rna",
    "commune": "places",
}


class SpreadsheetProvenanceMixin:
    """For a django-import-export ``ModelResource`` of initiatives."""

    def before_import(self, dataset, **kwargs) -> None:
        self._provenance: list[tuple[Initiative, list[str]]] = []
        super().before_import(dataset, **kwargs)  # type: ignore[misc]

    def after_init_instance(self, instance: Initiative, new: bool, row, **kwargs) -> None:
        super().after_init_instance(instance, new, row, **kwargs)  # type: ignore[misc]
        instance._provenance_before = (  # type: ignore[attr-defined]
            None if new else self._public_values(instance)
        )

    def save_m2m(self, instance: Initiative, row, **kwargs) -> None:
        super().save_m2m(instance, row, **kwargs)  # type: ignore[misc]
        before = getattr(instance, "_provenance_before", None)
        after = self._public_values(instance)
        fields: dict[str, Any] = self.fields  # type: ignore[attr-defined]
        changed = [
            TRACKED[name]
            for name, value in after.items()
            if fields[name].column_name in row
            # A new entry's facts are those its row gives; an update's, those it changed.
            and (value if before is None else before[name] != value)
        ]
        if changed:
            self._provenance.append((instance, changed))

    def after_import(self, dataset, result, **kwargs) -> None:
        super().after_import(dataset, result, **kwargs)  # type: ignore[misc]
        changes = getattr(self, "_provenance", [])
        if kwargs.get("dry_run") or not changes:
            return
        if result.has_errors() or result.has_validation_errors():
            return  # rolled back
        user = kwargs.get("user")
        batch = ImportBatch.objects.create(
            format=ImportFormat.SPREADSHEET,
            file_name=(kwargs.get("file_name") or "")[:255],
            imported_by=user if getattr(user, "pk", None) else None,
            created_count=sum(1 for row in result.rows if row.import_type == row.IMPORT_TYPE_NEW),
            updated_count=sum(
                1 for row in result.rows if row.import_type == row.IMPORT_TYPE_UPDATE
            ),
            skipped_count=sum(1 for row in result.rows if row.import_type == row.IMPORT_TYPE_SKIP),
        )
        record(changes, origin=Origin.IMPORT, batch=batch, user=batch.imported_by)

    def _public_values(self, instance: Initiative) -> dict[str, str]:
        """The entry's public columns as the spreadsheet writes them."""
        fields: dict[str, Any] = self.fields  # type: ignore[attr-defined]
        return {name: fields[name].export(instance) for name in TRACKED if name in fields}
