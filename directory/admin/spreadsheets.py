"""Spreadsheets in and out of the initiatives' admin, with django-import-export
(``directory.curation.imports``): a mixin of ``InitiativeAdmin``.

An import is previewed first (a dry run, with each row's errors); the confirmed import runs in
one transaction, rolled back if any row is invalid or fails. Importing needs the add and change
permissions on initiatives, exporting the view permission; the export holds what the
changelist's filters and search select.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from defusedxml import DefusedXmlException
from django.contrib import messages
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm

from ..curation.imports import InitiativeResource

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer
    from import_export.formats.base_formats import Dataset  # tablib's, untyped

IMPORT_ROLLED_BACK = (
    "Import annulé : aucune initiative n'a été créée ni modifiée, car des lignes comportent "
    "des erreurs. Corrigez-les dans le fichier puis importez-le de nouveau."
)

XML_REFUSED = (
    "Fichier refusé : il contient des déclarations XML (DTD ou entités) qu'un classeur n'a pas "
    "à contenir et qui peuvent servir à saturer le serveur. Enregistrez-le de nouveau depuis "
    "votre tableur au format XLSX, puis importez-le."
)


# --- Spreadsheets ------------------------------------------------------------------------------


class UnsafeXML(ValueError):
    """An XLSX file whose XML declares entities or a DTD, refused by defusedxml."""


def _defused(error: BaseException | None) -> bool:
    """Whether defusedxml refused this error's XML, or that of an error it was raised from
    (openpyxl turns a worksheet's parse error into a ValueError)."""
    while error is not None:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


class CSV(base_formats.CSV):
    """CSV as spreadsheets write it: separated by commas, or by semicolons (French Excel)."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        first_line = in_stream.split("\n", 1)[0]
        if "delimiter" not in kwargs and first_line.count(";") > first_line.count(","):
            kwargs["delimiter"] = ";"
        return super().create_dataset(in_stream, **kwargs)


class XLSX(base_formats.XLSX):
    """XLSX, read by openpyxl, which parses its XML with defusedxml (installed with the
    project): a "billion laughs" or an external entity is refused before any expansion."""

    # The signature of the stubs' XLSX.create_dataset, which also differs from its base's.
    def create_dataset(self, in_stream: ReadableBuffer) -> Dataset:  # type: ignore[override]
        try:
            return super().create_dataset(in_stream)
        except Exception as error:
            if _defused(error):
                raise UnsafeXML(str(error)) from error
            raise


class ExportForm(SelectableFieldsExportForm):
    """Columns offered by their French names (« année de création »)."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class InitiativeSpreadsheetAdminMixin(ImportExportMixin):
    resource_classes = [InitiativeResource]
    formats = [CSV, XLSX]
    export_form_class = ExportForm
    import_template_name = "admin/directory/initiative/import.html"
    # Spreadsheet programs read UTF-8 CSV files correctly when they start with a BOM.
    to_encoding = "utf-8-sig"

    def has_import_permission(self, request: HttpRequest) -> bool:
        # An import creates and changes entries.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def get_export_filename(self, request: HttpRequest, queryset, file_format) -> str:
        return f"initiatives-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def add_data_read_fail_error_to_form(self, form, e: Exception) -> None:
        if isinstance(e, UnsafeXML):
            form.add_error("import_file", XML_REFUSED)
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_dataset(self, dataset, form, request: HttpRequest, **kwargs):
        """The confirmed import: one transaction, rolled back if any row is invalid (the
        library rolls back on errors, not on invalid rows, unless asked)."""
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().process_dataset(dataset, form, request, **kwargs)

    def process_result(self, result, request: HttpRequest):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        # The file changed between the preview and the confirmation, or the database did:
        # everything was rolled back. Show the rows' errors on the import page.
        messages.error(request, IMPORT_ROLLED_BACK)
        form = self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request)
        )
        resource_kwargs = self.get_import_resource_kwargs(request)
        resources = [cls(**resource_kwargs) for cls in self.get_import_resource_classes(request)]
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": "Importer",
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "result": result,
            "fields_list": [
                (
                    resource.get_display_name(),
                    [field.column_name for field in resource.get_user_visible_fields()],
                )
                for resource in resources
            ],
            "import_error_display": self.import_error_display,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)
