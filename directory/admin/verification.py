"""The verification queue: published entries, least recently verified first."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..curation.verification import mark_verified
from ..models import (
    InitiativeToVerify,
)
from ..models.initiative_queryset import LEAST_RECENTLY_VERIFIED


class VerificationFilter(admin.SimpleListFilter):
    title = "vérification"
    parameter_name = "verification"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [
            ("jamais", "Jamais vérifiées"),
            ("ancienne", "Vérifiées il y a plus d'un an"),
            ("recente", "Vérifiées depuis moins d'un an"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "jamais":
            return queryset.filter(verified_at__isnull=True)
        if self.value() == "ancienne":
            return queryset.verification_due().filter(verified_at__isnull=False)
        if self.value() == "recente":
            return queryset.recently_verified()
        return queryset


@admin.register(InitiativeToVerify)
class InitiativeToVerifyAdmin(admin.ModelAdmin):
    """Published entries, least recently verified first, each with a one-click « still
    accurate » button; the entry itself is edited on its own page."""

    list_display = ["name_link", "verified_at", "verified_by", "verify_button"]
    list_display_links = None
    list_filter = [VerificationFilter]
    list_select_related = ["verified_by"]
    ordering = LEAST_RECENTLY_VERIFIED
    search_fields = ["name__unaccent", "slug"]
    actions = ["mark_verified"]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[InitiativeToVerify]:
        return super().get_queryset(request).published()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "<int:object_id>/verifier/",
                self.admin_site.admin_view(self.verify_view),
                name="directory_initiativetoverify_verify",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        title = "Fiches à revérifier : les moins récemment vérifiées d'abord"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The entry is edited on its own page (with its places and history).
        return HttpResponseRedirect(reverse("admin:directory_initiative_change", args=[object_id]))

    @admin.display(description="initiative", ordering="name")
    def name_link(self, obj: InitiativeToVerify) -> str:
        url = reverse("admin:directory_initiative_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.name)

    @admin.display(description="vérification")
    def verify_button(self, obj: InitiativeToVerify) -> str:
        # A submit button of the changelist's form (with its CSRF token), sent to this
        # entry's verification URL: one click.
        return format_html(
            '<button type="submit" class="button" formaction="{}" aria-label="{}">'
            "Toujours exacte</button>",
            reverse("admin:directory_initiativetoverify_verify", args=[obj.pk]),
            f"Toujours exacte : {obj.name}",
        )

    @admin.action(description="Marquer comme vérifiées (toujours exactes)", permissions=["change"])
    def mark_verified(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = mark_verified(queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d fiche vérifiée : toujours exacte.",
                "%(count)d fiches vérifiées : toujours exactes.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @method_decorator(require_POST)
    def verify_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The « still accurate » button of one entry."""
        initiative = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, initiative):
            raise PermissionDenied
        mark_verified([initiative], user=request.user)
        self.message_user(
            request, f"« {initiative.name} » : vérifiée, toujours exacte.", messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:directory_initiativetoverify_changelist"))
