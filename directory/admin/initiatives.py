"""The curators' admin of initiatives: quick search, combinable filters, autocomplete, inline
places, bulk publication and archiving (``directory.curation.publishing``), and the history of
every entry (``history``), viewable and revertible.

Curators (the ``curators`` group, see ``directory.curation.roles``) edit initiatives, their
places and sources; categories and territories are only viewed by them and edited by the
editors. Images and spreadsheets come from the mixins of ``images`` and ``spreadsheets``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.postgres.forms import SimpleArrayField
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from ..curation import provenance, publishing
from ..curation.history import refresh_last_version
from ..curation.verification import mark_verified
from ..db.text import JoinedNames
from ..models import (
    Category,
    Commune,
    ErrorReport,
    FieldProvenance,
    Initiative,
    Location,
    Principle,
    Proposal,
    Source,
    Status,
)
from ..models.initiative import distinct_names
from .filters import CategoryFilter, DepartementFilter
from .history import InitiativeHistoryAdminMixin
from .images import InitiativeImageAdminMixin
from .interop import InitiativeInteropAdminMixin
from .joining import JoinDetailsAdminMixin, JoinDetailsFormMixin
from .places import LocationInline
from .relations import RelationInline
from .spreadsheets import InitiativeSpreadsheetAdminMixin


def initiatives_changed(count: int, verb: str) -> str:
    """« 1 initiative publiée. », « 3 initiatives publiées. » (``verb`` in the singular)."""
    return ngettext("%(count)d initiative %(verb)s.", "%(count)d initiatives %(verb)ss.", count) % {
        "count": count,
        "verb": verb,
    }


class OtherNamesField(SimpleArrayField):
    """An entry's other names, one a line (a name may hold a comma): each stripped, the empty
    lines and the names written twice left out (``distinct_names``)."""

    def __init__(self, **kwargs) -> None:
        max_length = Initiative._meta.get_field("other_names").base_field.max_length
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}))
        super().__init__(forms.CharField(max_length=max_length), delimiter="\n", **kwargs)

    # An array field's value is a list, where the stubs' CharField has a string.
    def to_python(self, value: object) -> list[str]:  # type: ignore[override]
        if isinstance(value, str):
            value = "\n".join(distinct_names(value.splitlines()))
            if not value:
                return []
        return list(super().to_python(value))


class InitiativeAdminForm(JoinDetailsFormMixin, forms.ModelForm):
    other_names = OtherNamesField(
        label="Autres noms",
        required=False,
        help_text="Un nom par ligne. " + Initiative._meta.get_field("other_names").help_text,
    )
    principles = forms.TypedMultipleChoiceField(
        label="Principes",
        choices=Principle.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Initiative._meta.get_field("principles").help_text,
    )

    provenance_source = forms.ModelChoiceField(
        Source.objects.all(),
        label="Source de ces modifications",
        required=False,
        help_text="Si les informations que vous changez viennent d'une source, choisissez-la : "
        "la fiche publique la citera pour elles. Sinon, elles sont attribuées à l'équipe de "
        "curation.",
    )

    class Meta:
        model = Initiative
        # The admin builds the form with every field of ``fieldsets``.
        fields = ["other_names", "principles"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # An old version opened from the history (to revert to it) shows its own kinds and
        # sources, not today's.
        version = getattr(self.instance, "_history", None)
        if version is not None and not self.is_bound:
            for name in ("categories", "sources"):
                if name in self.fields:
                    field = Initiative._meta.get_field(name)
                    target = f"{field.m2m_reverse_field_name()}_id"
                    self.initial[name] = [
                        getattr(row, target) for row in getattr(version, name).all()
                    ]

    def _save_m2m(self) -> None:
        # One version per save: the one recorded when the entry was saved, completed with the
        # kinds and sources just written (rather than one more version per relation).
        self.instance.skip_history_when_saving = True
        try:
            super()._save_m2m()
        finally:
            del self.instance.skip_history_when_saving
        refresh_last_version(self.instance)


@admin.register(Initiative)
class InitiativeAdmin(
    InitiativeInteropAdminMixin,
    JoinDetailsAdminMixin,
    InitiativeSpreadsheetAdminMixin,
    InitiativeImageAdminMixin,
    InitiativeHistoryAdminMixin,
    SimpleHistoryAdmin,
):
    form = InitiativeAdminForm
    inlines = [LocationInline, RelationInline]
    list_display = ["name", "status", "kinds", "primary_commune", "updated_at"]
    list_filter = ["status", CategoryFilter, DepartementFilter, "legal_form", "scope"]
    list_per_page = 50
    # ``other_names_text`` is the array as one text (see get_queryset), so that a search
    # ignores accents in the other names too.
    search_fields = [
        "name__unaccent",
        "other_names_text__unaccent",
        "summary__unaccent",
        "slug",
        "^siret",
        "=rna",
    ]
    search_help_text = "Nom, autre nom, résumé, identifiant d'URL, SIRET ou SIREN, numéro RNA."
    autocomplete_fields = ["categories", "sources"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "created_at",
        "updated_at",
        "published_at",
        "verified_at",
        "verified_by",
        "contributions",
        "origins",
    ]
    save_on_top = True
    actions = ["publish", "archive", "mark_verified"]
    object_history_template = "admin/directory/initiative/object_history.html"
    fieldsets = [
        (
            "Identité",
            {
                "fields": [
                    "name",
                    "other_names",
                    "slug",
                    "summary",
                    "description",
                    "easy_read",
                    "legal_form",
                    "year_founded",
                ]
            },
        ),
        ("Classement", {"fields": ["categories", "scope", "principles"]}),
        ("Contact et identifiants", {"fields": ["website", "email", "phone", "siret", "rna"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "published_at",
                    "created_at",
                    "updated_at",
                    "verified_at",
                    "verified_by",
                    "contributions",
                ]
            },
        ),
        ("Sources", {"fields": ["sources", "provenance_source", "origins"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Initiative]:
        # The changelist shows each entry's kinds and primary commune: two queries per page.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("categories", queryset=Category.objects.only("pk", "name", "parent_id")),
                Prefetch("locations", queryset=Location.objects.select_related("commune")),
            )
            .alias(other_names_text=JoinedNames("other_names"))
        )

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs) -> forms.Field:
        if db_field.name == "categories":
            # The widget shows "Domaine › Type" for each chosen kind.
            kwargs["queryset"] = Category.objects.select_related("parent")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="types")
    def kinds(self, obj: Initiative) -> str | None:
        return ", ".join(category.name for category in obj.categories.all()) or None

    @admin.display(description="commune principale")
    def primary_commune(self, obj: Initiative) -> Commune | None:
        # Places are ordered primary first.
        locations = list(obj.locations.all())
        return locations[0].commune if locations else None

    @admin.display(description="contributions du public")
    def contributions(self, obj: Initiative) -> str:
        """The proposal the entry came from, and the error reports still open on it."""
        if obj.pk is None:
            return "—"
        parts = []
        proposal = Proposal.objects.filter(initiative=obj).only("pk", "state").first()
        if proposal is not None:
            parts.append(
                format_html(
                    '<a href="{}">Proposée par le public</a> ({})',
                    reverse("admin:directory_proposal_change", args=[proposal.pk]),
                    proposal.get_state_display().lower(),
                )
            )
        reports = ErrorReport.objects.open().filter(initiative=obj).count()
        if reports:
            url = reverse("admin:directory_errorreport_changelist")
            parts.append(
                format_html(
                    '<a href="{}?initiative__exact={}">{}</a>',
                    url,
                    obj.pk,
                    ngettext(
                        "%(count)d signalement à traiter",
                        "%(count)d signalements à traiter",
                        reports,
                    )
                    % {"count": reports},
                )
            )
        return format_html_join(" · ", "{}", ((part,) for part in parts)) if parts else "—"

    @admin.display(description="provenance des informations")
    def origins(self, obj: Initiative) -> str:
        """Where each public fact comes from now, as the public page says it."""
        if obj.pk is None:
            return "—"
        rows = FieldProvenance.objects.for_page().filter(initiative=obj)
        return (
            format_html_join(
                mark_safe("<br>"),
                "{} : {}, {}",
                (
                    (
                        row.get_field_display(),
                        row.credit or "équipe de curation",
                        f"{row.recorded_at:%d/%m/%Y}",
                    )
                    for row in rows
                ),
            )
            or "—"
        )

    def view_on_site(self, obj: Initiative) -> str | None:
        # Only published entries have a public page; others would be a 404.
        return obj.get_absolute_url() if obj.is_published else None

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        """After the entry, its kinds, sources and places are saved: the curator (or the
        source named) becomes the origin of the public facts the form changed."""
        super().save_related(request, form, formsets, change)
        changed = set(form.changed_data)
        if any(formset.model is Location and formset.has_changed() for formset in formsets):
            changed.add("places")
        provenance.record_edit(
            form.instance,
            changed,
            user=request.user,
            source=form.cleaned_data.get("provenance_source"),
        )

    def save_model(self, request: HttpRequest, obj: Initiative, form, change: bool) -> None:
        status_changed = "status" in form.changed_data
        if status_changed:
            # The dates that go with the new status, as every change of status sets them.
            publishing.apply_status(obj, obj.status)
        super().save_model(request, obj, form, change)
        if status_changed and obj.status == Status.PUBLISHED:
            # Published from its form: the proposal it came from, if any, is accepted (and its
            # proposer told).
            publishing.accept_proposals_of([obj.pk], user=request.user)

    @admin.action(description="Publier les initiatives sélectionnées", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Initiative]) -> None:
        reason = "Publiée (action groupée)."
        published = publishing.publish(self._targets(queryset), user=request.user, reason=reason)
        self._log(request, published.initiatives, reason)
        self._report(
            request,
            published.initiatives,
            "publiée",
            "déjà publiées",
        )

    @admin.action(description="Archiver les initiatives sélectionnées", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Initiative]) -> None:
        reason = "Archivée (action groupée)."
        archived = publishing.archive(self._targets(queryset), user=request.user, reason=reason)
        self._log(request, archived, reason)
        self._report(request, archived, "archivée", "déjà archivées")

    @admin.action(description="Marquer comme vérifiées (toujours exactes)", permissions=["change"])
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[Initiative]) -> None:
        count = mark_verified(self._targets(queryset), user=request.user)
        self.message_user(request, initiatives_changed(count, "vérifiée"), messages.SUCCESS)

    @staticmethod
    def _targets(queryset: QuerySet[Initiative]) -> list[Initiative]:
        """The selected entries, fully loaded (each version copies every field)."""
        return list(queryset.prefetch_related(None))

    @staticmethod
    def _log(request: HttpRequest, initiatives: list[Initiative], message: str) -> None:
        """Record a bulk change in the admin's log."""
        if initiatives:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=initiatives,
                action_flag=CHANGE,
                change_message=message,
            )

    def _report(
        self, request: HttpRequest, changed: list[Initiative], verb: str, already: str
    ) -> None:
        if changed:
            self.message_user(request, initiatives_changed(len(changed), verb), messages.SUCCESS)
        else:
            self.message_user(
                request,
                f"Aucune initiative modifiée : celles sélectionnées étaient {already}.",
                messages.WARNING,
            )
