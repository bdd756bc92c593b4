"""The moderation queue: proposals from the public, oldest first, decided with actions that
tell the people concerned (``directory.curation.proposals``, which queues their e-mails)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from ..curation.proposals import publish_proposals, reject_proposals, request_changes
from ..models import (
    OPEN_STATES,
    Initiative,
    Proposal,
    ProposalState,
    Status,
)
from .queues import ContributionQueueAdmin, QueueFilter

DUPLICATES_SHOWN = 10


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
            '<li><a href="{}">{}</a>{} ({})</li>',
            (
                (
                    reverse("admin:directory_initiative_change", args=[other.pk]),
                    other.name,
                    f", aussi appelée {', '.join(other.other_names)}" if other.other_names else "",
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
        decided = publish_proposals(list(queryset), user=request.user)
        self._report(
            request,
            queryset,
            decided,
            ngettext(
                "%(count)d proposition publiée.", "%(count)d propositions publiées.", len(decided)
            ),
        )

    @admin.action(description="Refuser les propositions sélectionnées…", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> HttpResponse | None:
        return self._decide_with_message(
            request,
            queryset,
            action="reject",
            title="Refuser des propositions",
            intro="Indiquez la raison du refus : elle est envoyée à chaque personne concernée.",
            button="Refuser et prévenir",
            decide=reject_proposals,
            done=lambda count: ngettext(
                "%(count)d proposition refusée.", "%(count)d propositions refusées.", count
            ),
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
            decide=request_changes,
            done=lambda count: ngettext(
                "%(count)d demande envoyée.", "%(count)d demandes envoyées.", count
            ),
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
            self._report(request, queryset, decided, done(len(decided)))
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

    def _report(self, request, queryset, decided, done: str) -> None:
        """``done`` (with ``%(count)d``) for the decided proposals, and a warning for those
        already decided."""
        skipped = len(queryset) - len(decided)
        if decided:
            self.message_user(request, done % {"count": len(decided)}, messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d proposition déjà décidée : laissée telle quelle.",
                    "%(count)d propositions déjà décidées : laissées telles quelles.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


def similar_entries(initiative: Initiative) -> list[Initiative]:
    """Other entries, of any status but archived, whose name or one of whose other names
    looks like ``initiative``'s name, in the commune of its main place when it has one."""
    places = list(initiative.locations.all())
    queryset = (
        Initiative.objects.exclude(pk=initiative.pk)
        .exclude(status=Status.ARCHIVED)
        .named_like(initiative.name, places[0].commune if places else None)
    )
    return list(queryset.only("pk", "name", "other_names", "status")[:DUPLICATES_SHOWN])
