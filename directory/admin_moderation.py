"""The curators' queues in the admin: proposals from the public, error reports, and published
entries to verify again. Each opens on what still needs a curator, oldest first.

Decisions go through ``directory.services`` (which records the entries' history) and tell the
people concerned through ``directory.notifications``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from . import notifications, services
from .models import Initiative, InitiativeToVerify, Status
from .moderation import OPEN_STATES, ErrorReport, Proposal, ProposalState
from .querysets import LEAST_RECENTLY_VERIFIED

DUPLICATES_SHOWN = 10


def plural(count: int, singular: str, plural_form: str) -> str:
    """« 1 proposition publiée », « 3 propositions publiées » (French: 0 and 1 are singular)."""
    return f"{count} {singular if count <= 1 else plural_form}"


class QueueFilter(admin.SimpleListFilter):
    """A list filter whose default, without a parameter, is the queue itself (``QUEUE``):
    what still needs a curator. « Tout » shows everything."""

    QUEUE = "a-traiter"
    ALL = "tout"

    def value(self) -> str:
        return super().value() or self.QUEUE

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


# --- Proposals ---------------------------------------------------------------------------------


class ProposalStateFilter(QueueFilter):
    title = "état"
    parameter_name = "etat"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [(self.QUEUE, "À traiter"), *ProposalState.choices, (self.ALL, "Toutes")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == self.QUEUE:
            return queryset.filter(state__in=OPEN_STATES)
        if value in ProposalState.values:
            return queryset.filter(state=value)
        return queryset


class DecisionForm(forms.Form):
    message = forms.CharField(
        label="Message à la personne",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text="Envoyé tel quel par courriel à chaque personne concernée, après une "
        "formule de politesse. Soyez précis et bienveillant.",
    )


class ContributionQueueAdmin(admin.ModelAdmin):
    """What the queues of the public's contributions (proposals, error reports) share: they
    come only from the public site, are never deleted in bulk, and are decided with buttons
    rather than saved."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # Contributions come from the public site.

    def view_on_site(self, obj) -> str | None:
        # Until it is published, the entry has no public page.
        return obj.get_absolute_url() if obj.initiative.is_published else None

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Nothing to save here: the entry is edited on its own page, decisions are buttons.
        context.update(
            show_save=False, show_save_and_continue=False, show_save_and_add_another=False
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="initiative", ordering="initiative__name")
    def initiative_name(self, obj) -> str:
        return obj.initiative.name


@admin.register(Proposal)
class ProposalAdmin(ContributionQueueAdmin):
    """The moderation queue: proposals waiting for a decision, oldest first."""

    list_display = [
        "initiative_name",
        "commune",
        "proposer_name",
        "submitted_at",
        "state",
        "duplicates_acknowledged",
    ]
    list_display_links = ["initiative_name"]
    list_filter = [ProposalStateFilter]
    list_select_related = ["initiative"]
    ordering = ["submitted_at", "pk"]
    search_fields = ["initiative__name__unaccent", "proposer_name__unaccent", "proposer_email"]
    search_help_text = "Nom de l'initiative, nom ou courriel de la personne."
    actions = ["publish", "reject", "ask_for_changes"]
    fields = [
        "initiative_details",
        "similar_entries",
        "proposer_name",
        "proposer_email",
        "submitted_at",
        "duplicates_acknowledged",
        "state",
        "decision_message",
        "decided_at",
        "decided_by",
    ]
    readonly_fields = fields
    change_form_template = "admin/directory/proposal/change_form.html"
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Proposal]:
        # The changelist shows each proposal's commune: the places of all in one query.
        return (
            super()
            .get_queryset(request)
            .select_related("initiative", "decided_by")
            .prefetch_related("initiative__locations__commune")
        )

    # --- Columns and fields ---------------------------------------------------------------------

    @admin.display(description="commune")
    def commune(self, obj: Proposal) -> str | None:
        places = list(obj.initiative.locations.all())
        return str(places[0].commune) if places else None

    @admin.display(description="fiche proposée")
    def initiative_details(self, obj: Proposal) -> str:
        initiative = obj.initiative
        url = reverse("admin:directory_initiative_change", args=[initiative.pk])
        return format_html(
            '<a href="{}"><strong>{}</strong></a> ({})<br>{}',
            url,
            initiative.name,
            initiative.get_status_display().lower(),
            initiative.summary,
        )

    @admin.display(description="fiches proches")
    def similar_entries(self, obj: Proposal) -> str:
        """Entries with a similar name in the same commune: the proposer saw the published
        ones before sending; curators see every status."""
        similar = similar_entries(obj.initiative)
        if not similar:
            return "Aucune fiche au nom proche."
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse("admin:directory_initiative_change", args=[other.pk]),
                    other.name,
                    other.get_status_display().lower(),
                )
                for other in similar
            ),
        )
        return format_html(
            '<p class="errornote">Cette initiative est peut-être déjà dans l\'annuaire :</p>'
            "<ul>{}</ul>",
            items,
        )

    # --- Decisions ------------------------------------------------------------------------------

    @admin.action(description="Publier les propositions sélectionnées", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        decided = services.publish_proposals(list(queryset), user=request.user)
        for proposal in decided:
            notifications.proposal_decided(proposal, request)
        self._report(request, queryset, decided, "proposition publiée", "propositions publiées")

    @admin.action(description="Refuser les propositions sélectionnées…", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> HttpResponse | None:
        return self._decide_with_message(
            request,
            queryset,
            action="reject",
            title="Refuser des propositions",
            intro="Indiquez la raison du refus : elle est envoyée à chaque personne concernée.",
            button="Refuser et prévenir",
            decide=services.reject_proposals,
            done=("proposition refusée", "propositions refusées"),
        )

    @admin.action(
        description="Demander des modifications pour les propositions sélectionnées…",
        permissions=["change"],
    )
    def ask_for_changes(
        self, request: HttpRequest, queryset: QuerySet[Proposal]
    ) -> HttpResponse | None:
        return self._decide_with_message(
            request,
            queryset,
            action="ask_for_changes",
            title="Demander des modifications",
            intro="Indiquez ce qui manque ou doit changer : la demande est envoyée à chaque "
            "personne concernée, et les propositions restent dans la file.",
            button="Envoyer la demande",
            decide=services.request_changes,
            done=("demande envoyée", "demandes envoyées"),
        )

    def _decide_with_message(
        self, request, queryset, *, action, title, intro, button, decide, done
    ) -> HttpResponse | None:
        """An intermediate page asking for the message; the decision once it is sent."""
        form = DecisionForm(request.POST if "post" in request.POST else None)
        if form.is_valid():
            decided = decide(
                list(queryset), user=request.user, message=form.cleaned_data["message"]
            )
            for proposal in decided:
                notifications.proposal_decided(proposal, request)
            self._report(request, queryset, decided, *done)
            return None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "button": button,
            "form": form,
            "proposals": [proposal for proposal in queryset if proposal.is_open],
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "opts": opts,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/directory/proposal/decision.html", context)

    def _report(self, request, queryset, decided, singular: str, plural_form: str) -> None:
        skipped = len(queryset) - len(decided)
        if decided:
            self.message_user(
                request, plural(len(decided), singular, plural_form) + ".", messages.SUCCESS
            )
        if skipped:
            self.message_user(
                request,
                plural(skipped, "proposition déjà décidée", "propositions déjà décidées")
                + " : laissée(s) telle(s) quelle(s).",
                messages.WARNING,
            )


def similar_entries(initiative: Initiative) -> list[Initiative]:
    """Other entries, of any status but archived, whose name looks like ``initiative``'s, in
    the commune of its main place when it has one."""
    queryset = (
        Initiative.objects.exclude(pk=initiative.pk)
        .exclude(status=Status.ARCHIVED)
        .named_like(initiative.name)
    )
    places = list(initiative.locations.all())
    if places:
        queryset = queryset.in_communes([places[0].commune])
    return list(queryset.only("pk", "name", "status")[:DUPLICATES_SHOWN])


# --- Error reports -----------------------------------------------------------------------------


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
        closed = services.close_reports(queryset, user=request.user)
        if closed:
            self.message_user(
                request,
                plural(closed, "signalement marqué", "signalements marqués")
                + " comme traité"
                + ("s." if closed > 1 else "."),
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, "Aucun signalement modifié : ils étaient déjà traités.", messages.WARNING
            )


# --- Verification ------------------------------------------------------------------------------


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
        count = services.mark_verified(queryset, user=request.user)
        self.message_user(
            request,
            plural(count, "fiche vérifiée", "fiches vérifiées")
            + " : toujours exacte"
            + ("s." if count > 1 else "."),
            messages.SUCCESS,
        )

    @method_decorator(require_POST)
    def verify_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The « still accurate » button of one entry."""
        initiative = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, initiative):
            raise PermissionDenied
        services.mark_verified([initiative], user=request.user)
        self.message_user(
            request, f"« {initiative.name} » : vérifiée, toujours exacte.", messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:directory_initiativetoverify_changelist"))
