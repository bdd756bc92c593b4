"""Errors reported by visitors, oldest first, until a curator marks them handled."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from ..curation.reports import close_reports
from ..models import (
    ErrorReport,
)
from .queues import ContributionQueueAdmin, QueueFilter


class ReportStateFilter(QueueFilter):
    title = "état"
    parameter_name = "etat"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [(self.QUEUE, "À traiter"), ("traites", "Traités"), (self.ALL, "Tous")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == self.QUEUE:
            return queryset.filter(closed_at__isnull=True)
        if value == "traites":
            return queryset.filter(closed_at__isnull=False)
        return queryset


@admin.register(ErrorReport)
class ErrorReportAdmin(ContributionQueueAdmin):
    """Errors reported by visitors, oldest first, until a curator marks them handled."""

    list_display = ["initiative_name", "excerpt", "email", "created_at", "is_open"]
    list_display_links = ["excerpt"]
    list_filter = [ReportStateFilter]
    list_select_related = ["initiative"]
    ordering = ["created_at", "pk"]
    search_fields = ["initiative__name__unaccent", "message__unaccent", "email"]
    search_help_text = "Nom de l'initiative, mot du message ou courriel."
    actions = ["close"]
    fields = ["initiative_link", "message", "email", "created_at", "closed_at", "closed_by"]
    readonly_fields = fields
    change_form_template = "admin/directory/errorreport/change_form.html"
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[ErrorReport]:
        return super().get_queryset(request).select_related("initiative", "closed_by")

    @admin.display(description="initiative")
    def initiative_link(self, obj: ErrorReport) -> str:
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">page publique</a>)',
            reverse("admin:directory_initiative_change", args=[obj.initiative_id]),
            obj.initiative.name,
            obj.initiative.get_absolute_url(),
        )

    @admin.display(description="message")
    def excerpt(self, obj: ErrorReport) -> str:
        return obj.message if len(obj.message) <= 80 else obj.message[:79] + "…"

    @admin.display(description="à traiter", boolean=True)
    def is_open(self, obj: ErrorReport) -> bool:
        return obj.is_open

    @admin.action(description="Marquer comme traité", permissions=["change"])
    def close(self, request: HttpRequest, queryset: QuerySet[ErrorReport]) -> None:
        closed = close_reports(queryset, user=request.user)
        if closed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d signalement marqué comme traité.",
                    "%(count)d signalements marqués comme traités.",
                    closed,
                )
                % {"count": closed},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, "Aucun signalement modifié : ils étaient déjà traités.", messages.WARNING
            )
