"""The curators' admin: quick search, combinable filters, autocomplete, inline places,
bulk publication, and the history of every entry and place (django-simple-history), viewable
and revertible.

Curators (the ``curators`` group, see ``directory.roles``) edit initiatives, their places and
sources; categories and territories are only viewed by them and edited by the editors. The
moderation and verification queues are in ``directory.admin_moderation``, the staff's
accounts in ``directory.admin_users``, the reference data (sources, categories, territories,
glossary) in ``directory.admin_reference``; images and spreadsheets come from the mixins of
``directory.admin_import``.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta
from simple_history.utils import get_history_manager_for_model

from . import (  # noqa: F401 (registered)
    admin_moderation,
    admin_reference,
    admin_users,
    notifications,
    services,
)
from .admin_import import InitiativeImageAdminMixin, InitiativeSpreadsheetAdminMixin
from .history import refresh_last_version, relations_of_versions, update_with_history
from .models import (
    Category,
    Commune,
    Departement,
    ErrorReport,
    Initiative,
    Location,
    Principle,
    Proposal,
    Status,
)

# Versions of an entry's places listed under its own history.
PLACE_VERSIONS_SHOWN = 100


# --- Initiatives and their places --------------------------------------------------------------


class LocationFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        primaries = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("is_primary")
            and not self._should_delete_form(form)
        ]
        if len(primaries) > 1:
            raise ValidationError("Une initiative n'a qu'un lieu principal : cochez-en un seul.")


class LocationInline(admin.TabularInline):
    model = Location
    formset = LocationFormSet
    fields = ["label", "address", "postcode", "commune", "latitude", "longitude", "is_primary"]
    autocomplete_fields = ["commune"]
    extra = 0


class InitiativeAdminForm(forms.ModelForm):
    principles = forms.TypedMultipleChoiceField(
        label="Principes",
        choices=Principle.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=Initiative._meta.get_field("principles").help_text,
    )

    class Meta:
        model = Initiative
        # The admin builds the form with every field of ``fieldsets``.
        fields = ["principles"]

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


class CategoryFilter(admin.SimpleListFilter):
    """Domains and their kinds; choosing a domain shows the entries of all its kinds."""

    title = "catégorie"
    parameter_name = "categorie"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        categories = Category.objects.only("pk", "slug", "name", "parent_id")
        kinds: defaultdict[int, list[Category]] = defaultdict(list)
        domains = []
        for category in categories:
            if category.parent_id is None:
                domains.append(category)
            else:
                kinds[category.parent_id].append(category)
        choices = []
        for domain in domains:
            choices.append((domain.slug, domain.name))
            choices.extend((kind.slug, f"— {kind.name}") for kind in kinds[domain.pk])
        return choices

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() is None:
            return queryset
        ids = Category.objects.filter(slug=self.value()).values("pk")
        return queryset.in_categories_by_id(ids)


class DepartementFilter(admin.SimpleListFilter):
    """Entries with at least one place in the département."""

    title = "département"
    parameter_name = "departement"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [(departement.code, str(departement)) for departement in Departement.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() is None:
            return queryset
        return queryset.in_departements(Departement.objects.filter(code=self.value()))


def _count_message(count: int, verb: str) -> str:
    """« 1 initiative publiée. », « 3 initiatives publiées. » (French: 0 and 1 are singular)."""
    if count <= 1:
        return f"{count} initiative {verb}."
    return f"{count} initiatives {verb}s."


@admin.register(Initiative)
class InitiativeAdmin(
    InitiativeSpreadsheetAdminMixin, InitiativeImageAdminMixin, SimpleHistoryAdmin
):
    form = InitiativeAdminForm
    inlines = [LocationInline]
    list_display = ["name", "status", "kinds", "primary_commune", "updated_at"]
    list_filter = ["status", CategoryFilter, DepartementFilter, "legal_form", "scope"]
    list_per_page = 50
    search_fields = ["name__unaccent", "summary__unaccent", "slug", "^siret", "=rna"]
    search_help_text = "Nom, résumé, identifiant d'URL, SIRET ou SIREN, numéro RNA."
    autocomplete_fields = ["categories", "sources"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "created_at",
        "updated_at",
        "published_at",
        "verified_at",
        "verified_by",
        "contributions",
    ]
    save_on_top = True
    actions = ["publish", "archive", "mark_verified"]
    object_history_template = "admin/directory/initiative/object_history.html"
    fieldsets = [
        (
            "Identité",
            {"fields": ["name", "slug", "summary", "description", "legal_form", "year_founded"]},
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
        ("Sources", {"fields": ["sources"]}),
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
                    admin_moderation.plural(
                        reports, "signalement à traiter", "signalements à traiter"
                    ),
                )
            )
        return format_html_join(" · ", "{}", ((part,) for part in parts)) if parts else "—"

    def view_on_site(self, obj: Initiative) -> str | None:
        # Only published entries have a public page; others would be a 404.
        return obj.get_absolute_url() if obj.is_published else None

    def save_model(self, request: HttpRequest, obj: Initiative, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data and obj.status == Status.PUBLISHED:
            # Published from its form: the proposal it came from, if any, is accepted.
            self._accept_proposals(request, [obj.pk])

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        """The entry's versions, then its places' (created, changed or deleted)."""
        places = (
            get_history_manager_for_model(Location)
            .filter(initiative_id=object_id)
            .select_related("history_user", "commune")
            .order_by("-history_date", "-history_id")[:PLACE_VERSIONS_SHOWN]
        )
        context = {"place_versions": places, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def get_history_queryset(self, request: HttpRequest, history_manager, pk_name, object_id):
        # The library's select_related() of tracked foreign keys, with none tracked here,
        # drops its join on the authors: join them again.
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.select_related("history_user")

    def set_history_delta_changes(
        self, request: HttpRequest, historical_records, foreign_keys_are_objs: bool = True
    ) -> None:
        """Each version's changes from the one before, as django-simple-history shows them, but
        with the kinds and sources of the whole page read in one query each (the library reads
        them version by version)."""
        versions = list(historical_records)
        relations = relations_of_versions(versions)
        for new, old in itertools.pairwise(versions):
            delta = new.diff_against(
                old, excluded_fields=relations, foreign_keys_are_objs=foreign_keys_are_objs
            )
            changes = list(delta.changes)
            for name, by_version in relations.items():
                target = Initiative._meta.get_field(name).m2m_reverse_field_name()
                before, after = by_version[old.history_id], by_version[new.history_id]
                if before != after:
                    changes.append(
                        ModelChange(
                            name,
                            [{target: item} for item in before],
                            [{target: item} for item in after],
                        )
                    )
            changes.sort(key=lambda change: change.field)
            delta = ModelDelta(changes, [change.field for change in changes], old, new)
            helper = self.get_historical_record_context_helper(request, new)
            new.history_delta_changes = helper.context_for_delta_changes(delta)

    @admin.action(description="Publier les initiatives sélectionnées", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Initiative]) -> None:
        now = timezone.now()

        def publish(initiative: Initiative) -> None:
            initiative.status = Status.PUBLISHED
            initiative.published_at = initiative.published_at or now
            initiative.updated_at = now

        changed = self._bulk_update(
            request,
            queryset.exclude(status=Status.PUBLISHED),
            "Publiée (action groupée).",
            publish,
            ["status", "published_at", "updated_at"],
        )
        self._accept_proposals(request, [initiative.pk for initiative in changed])
        self._report(request, len(changed), "publiée", "déjà publiées")

    @admin.action(description="Archiver les initiatives sélectionnées", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Initiative]) -> None:
        now = timezone.now()

        def archive(initiative: Initiative) -> None:
            initiative.status = Status.ARCHIVED
            initiative.updated_at = now

        changed = self._bulk_update(
            request,
            queryset.exclude(status=Status.ARCHIVED),
            "Archivée (action groupée).",
            archive,
            ["status", "updated_at"],
        )
        self._report(request, len(changed), "archivée", "déjà archivées")

    @admin.action(description="Marquer comme vérifiées (toujours exactes)", permissions=["change"])
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[Initiative]) -> None:
        count = services.mark_verified(queryset.prefetch_related(None), user=request.user)
        self.message_user(request, _count_message(count, "vérifiée"), messages.SUCCESS)

    def _bulk_update(
        self,
        request: HttpRequest,
        queryset: QuerySet[Initiative],
        message: str,
        change: Callable[[Initiative], None],
        fields: list[str],
    ) -> list[Initiative]:
        """Apply ``change`` to each entry as ``publish()``/``archive()`` would, write them in
        one query, and record the change in each entry's history and in the admin's log."""
        targets = list(queryset.prefetch_related(None))
        for initiative in targets:
            change(initiative)
        update_with_history(targets, fields, user=request.user, reason=message)
        if targets:
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=targets,
                action_flag=CHANGE,
                change_message=message,
            )
        return targets

    def _accept_proposals(self, request: HttpRequest, initiative_ids: list[int]) -> None:
        for proposal in services.accept_published(initiative_ids, user=request.user):
            notifications.proposal_decided(proposal, request)

    def _report(self, request: HttpRequest, count: int, verb: str, already: str) -> None:
        if count:
            self.message_user(request, _count_message(count, verb), messages.SUCCESS)
        else:
            self.message_user(
                request,
                f"Aucune initiative modifiée : celles sélectionnées étaient {already}.",
                messages.WARNING,
            )


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "initiative", "commune", "postcode", "is_primary"]
    list_filter = ["is_primary", ("commune__departement", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["initiative", "commune"]
    search_fields = ["label__unaccent", "address__unaccent", "postcode", "initiative__name"]
    autocomplete_fields = ["initiative", "commune"]
    list_per_page = 50

    def view_on_site(self, obj: Location) -> str | None:
        return obj.get_absolute_url() if obj.initiative.is_published else None
