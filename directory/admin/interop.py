"""Importing the ecosystem's formats (data·inclusion, GoGoCarto) from the initiatives' admin:
a mixin of ``InitiativeAdmin`` with one screen, « Importer data·inclusion / GoGoCarto ».

The curator sends a file: every row is shown with what it would do (``curation.interop``'s
dry run) and nothing is written. The file waits in the import library's temporary storage,
named in a signed field; confirming reads it again, plans it again and writes it in one
transaction (``curation.interop.applying``). Needs the import permission (add and change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..curation.interop import matching
from ..curation.interop.applying import apply
from ..curation.interop.rows import MAX_FILE_BYTES, UnreadableFile
from ..models import ImportBatch, Initiative

if TYPE_CHECKING:
    from django.contrib.admin import AdminSite

SALT = "directory.admin.interop"
IMPORT_CONFLICT = (
    "Import annulé : rien n'a été écrit, car les mêmes fiches ont été importées au même "
    "moment. Envoyez le fichier de nouveau pour voir leur état actuel."
)
# How long a dry run may wait for its confirmation.
CONFIRM_MAX_AGE = 6 * 3600
TEMPLATE = "admin/directory/initiative/interop_import.html"


class InteropFileForm(forms.Form):
    format = forms.ChoiceField(label="Format", choices=matching.FORMATS)
    file = forms.FileField(label="Fichier", help_text="JSON, ou CSV pour data·inclusion.")
    publisher = forms.CharField(
        label="Producteur des données",
        required=False,
        max_length=ImportBatch._meta.get_field("publisher").max_length,
        help_text=ImportBatch._meta.get_field("publisher").help_text
        + " Laissé vide, la fiche cite le nom du fichier.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Fichier trop volumineux : {MAX_FILE_BYTES // (1024 * 1024)} Mo au plus."
            )
        return upload


class InitiativeInteropAdminMixin:
    # The spreadsheets' buttons, and this screen's beside them.
    import_export_change_list_template = "admin/directory/initiative/change_list_import_export.html"

    if TYPE_CHECKING:  # what the ModelAdmin and the spreadsheets' mixin provide
        admin_site: AdminSite

        def has_import_permission(self, request: HttpRequest) -> bool: ...
        def get_tmp_storage_class(self) -> type: ...

    def get_urls(self) -> list:
        own = [
            path(
                "importer-un-format/",
                self.admin_site.admin_view(self.interop_import_view),
                name="directory_initiative_interop_import",
            )
        ]
        return own + super().get_urls()  # type: ignore[misc]

    def interop_import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "payload" in request.POST:
            return self._confirm(request)
        form = InteropFileForm(request.POST or None, request.FILES or None)
        context: dict[str, Any] = {"form": form}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                rows = matching.read(form.cleaned_data["format"], content, upload.name)
            except UnreadableFile as error:
                form.add_error("file", str(error))
            else:
                storage = self.get_tmp_storage_class()(read_mode="rb")
                storage.save(content)
                context["planned"] = matching.plan(rows, form.cleaned_data["format"])
                context["payload"] = signing.dumps(
                    {
                        "format": form.cleaned_data["format"],
                        "file_name": upload.name,
                        "publisher": form.cleaned_data["publisher"],
                        "storage": storage.name,
                    },
                    salt=SALT,
                )
        return self._render(request, context)

    def _confirm(self, request: HttpRequest) -> HttpResponse:
        here = reverse("admin:directory_initiative_interop_import")
        try:
            payload = signing.loads(request.POST["payload"], salt=SALT, max_age=CONFIRM_MAX_AGE)
            storage = self.get_tmp_storage_class()(name=payload["storage"], read_mode="rb")
            content = storage.read()
        except (signing.BadSignature, KeyError, TypeError, OSError):
            messages.error(
                request, "Simulation expirée ou introuvable : envoyez le fichier de nouveau."
            )
            return HttpResponseRedirect(here)
        try:
            rows = matching.read(payload["format"], content, payload["file_name"])
        except UnreadableFile as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(here)
        linked = {int(value) for value in request.POST.getlist("linked") if value.isdigit()}
        try:
            batch = apply(
                matching.plan(rows, payload["format"]),
                file_format=payload["format"],
                file_name=payload["file_name"],
                publisher=payload["publisher"],
                user=request.user,
                linked=linked,
            )
        except IntegrityError:
            # Another import of the same entries was confirmed at the same moment.
            messages.error(request, IMPORT_CONFLICT)
            return HttpResponseRedirect(here)
        storage.remove()
        messages.success(
            request,
            f"Import terminé : {batch.created_count} fiche(s) créée(s) en brouillon, "
            f"{batch.updated_count} mise(s) à jour, {batch.skipped_count} ligne(s) ignorée(s).",
        )
        return HttpResponseRedirect(reverse("admin:directory_initiative_changelist"))

    def _render(self, request: HttpRequest, context: dict) -> TemplateResponse:
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            TEMPLATE,
            {
                **self.admin_site.each_context(request),
                "title": "Importer depuis data·inclusion ou GoGoCarto",
                "opts": Initiative._meta,
                "outcomes": matching.Outcome,
                **context,
            },
        )


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """The confirmed imports, read only: what each file did, who imported it and when."""

    list_display = [
        "file_name",
        "format",
        "publisher",
        "imported_at",
        "imported_by",
        "created_count",
        "updated_count",
        "skipped_count",
    ]
    list_filter = ["format"]
    list_select_related = ["imported_by"]
    search_fields = ["file_name", "publisher"]
    date_hierarchy = "imported_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
