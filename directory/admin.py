"""The curators' admin: quick search, combinable filters, autocomplete, inline places and
bulk publication.

Curators (the ``curators`` group, see migration 0002) edit initiatives, their places and
sources; categories and territories are only viewed by them and edited by the editors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Func, Prefetch, QuerySet, TextField, Value
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone

from .models import (
    Category,
    Commune,
    Departement,
    Initiative,
    Location,
    Principle,
    Source,
    Status,
    Term,
)
from .search import clear_thesaurus_cache, normalize

POSTCODE_RE = re.compile(r"[0-9]{5}")


def _is_autocomplete_for(request: HttpRequest, model_name: str, field_name: str) -> bool:
    """Whether ``request`` is the admin's autocomplete for ``model_name.field_name``."""
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "autocomplete"
        and request.GET.get("model_name") == model_name
        and request.GET.get("field_name") == field_name
    )


# --- Sources and categories --------------------------------------------------------------------


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "date", "url", "num_initiatives"]
    search_fields = ["title__unaccent", "publisher__unaccent", "url"]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return super().get_queryset(request).annotate(_num_initiatives=Count("initiatives"))

    @admin.display(description="initiatives", ordering="_num_initiatives")
    def num_initiatives(self, obj: Source) -> int:
        return obj._num_initiatives


class CategoryLevelFilter(admin.SimpleListFilter):
    title = "niveau"
    parameter_name = "niveau"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("domaine", "Domaines"), ("type", "Types d'initiative")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "domaine":
            return queryset.domains()
        if self.value() == "type":
            return queryset.kinds()
        return queryset


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "slug"]
    list_editable = ["position"]
    list_filter = [CategoryLevelFilter, ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    # A kind is also found by its domain's name: "finance" finds "Finance solidaire › …".
    search_fields = ["name__unaccent", "slug", "parent__name__unaccent"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = ["parent", "name", "slug", "description", "position"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        # __str__ shows the domain of a kind: also needed by the autocomplete views.
        return super().get_queryset(request).select_related("parent")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Two levels: a parent must be a domain, and initiatives are classed under kinds.
        if _is_autocomplete_for(request, "category", "parent"):
            queryset = queryset.domains()
        elif _is_autocomplete_for(request, "initiative", "categories"):
            queryset = queryset.kinds()
        return queryset, may_have_duplicates


# --- Territories -------------------------------------------------------------------------------


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "slug"]
    search_fields = ["name__unaccent", "^code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee", "departement", "kind", "postcodes_display", "population"]
    list_filter = ["departement", "kind"]
    list_select_related = ["departement"]
    search_fields = ["name__unaccent", "^insee"]
    search_help_text = "Nom, code INSEE (ou son début) ou code postal à 5 chiffres."
    autocomplete_fields = ["parent"]
    list_per_page = 50

    @admin.display(description="codes postaux")
    def postcodes_display(self, obj: Commune) -> str:
        return ", ".join(obj.postcodes)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        unsearched = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # ``postcodes`` is an array: match a whole postcode (uses the GIN index), keeping any
        # filter already applied to the queryset.
        term = search_term.strip()
        if POSTCODE_RE.fullmatch(term):
            queryset = queryset | unsearched.filter(postcodes__contains=[term])
        return queryset, may_have_duplicates


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
class InitiativeAdmin(admin.ModelAdmin):
    form = InitiativeAdminForm
    inlines = [LocationInline]
    list_display = ["name", "status", "kinds", "primary_commune", "updated_at"]
    list_filter = ["status", CategoryFilter, DepartementFilter, "legal_form", "scope"]
    list_per_page = 50
    search_fields = ["name__unaccent", "summary__unaccent", "slug", "^siret", "=rna"]
    search_help_text = "Nom, résumé, identifiant d'URL, SIRET ou SIREN, numéro RNA."
    autocomplete_fields = ["categories", "sources"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at", "published_at"]
    save_on_top = True
    actions = ["publish", "archive"]
    fieldsets = [
        (
            "Identité",
            {"fields": ["name", "slug", "summary", "description", "legal_form", "year_founded"]},
        ),
        ("Classement", {"fields": ["categories", "scope", "principles"]}),
        ("Contact et identifiants", {"fields": ["website", "email", "phone", "siret", "rna"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        ("Publication", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
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

    def view_on_site(self, obj: Initiative) -> str | None:
        # Only published entries have a public page; others would be a 404.
        return obj.get_absolute_url() if obj.is_published else None

    @admin.action(description="Publier les initiatives sélectionnées", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Initiative]) -> None:
        now = timezone.now()
        changed = self._bulk_update(
            request,
            queryset.exclude(status=Status.PUBLISHED),
            "Publiée (action groupée).",
            status=Status.PUBLISHED,
            published_at=Coalesce("published_at", Value(now)),
            updated_at=now,
        )
        self._report(request, changed, "publiée", "déjà publiées")

    @admin.action(description="Archiver les initiatives sélectionnées", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Initiative]) -> None:
        changed = self._bulk_update(
            request,
            queryset.exclude(status=Status.ARCHIVED),
            "Archivée (action groupée).",
            status=Status.ARCHIVED,
            updated_at=timezone.now(),
        )
        self._report(request, changed, "archivée", "déjà archivées")

    def _bulk_update(
        self, request: HttpRequest, queryset: QuerySet[Initiative], message: str, **values
    ) -> int:
        """Update the rows in one query, as ``publish()``/``archive()`` would, and record the
        change in each entry's history."""
        targets: Iterable[Initiative] = list(queryset.prefetch_related(None).only("pk", "name"))
        if not targets:
            return 0
        Initiative.objects.filter(pk__in=[obj.pk for obj in targets]).update(**values)
        LogEntry.objects.log_actions(
            user_id=request.user.pk, queryset=targets, action_flag=CHANGE, change_message=message
        )
        return len(targets)

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
class LocationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "initiative", "commune", "postcode", "is_primary"]
    list_filter = ["is_primary", ("commune__departement", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["initiative", "commune"]
    search_fields = ["label__unaccent", "address__unaccent", "postcode", "initiative__name"]
    autocomplete_fields = ["initiative", "commune"]
    list_per_page = 50

    def view_on_site(self, obj: Location) -> str | None:
        return obj.get_absolute_url() if obj.initiative.is_published else None


# --- Vocabulary --------------------------------------------------------------------------------


class VariantsField(SimpleArrayField):
    """A term's equivalents, typed on one line and separated by commas (« a, b »)."""

    default_error_messages = {
        "empty_item": "Un équivalent est vide : retirez la virgule en trop, ou écrivez "
        "l'équivalent qui manque.",
        "duplicate": "« %(value)s » est écrit deux fois : gardez-le une seule fois.",
    }

    def __init__(self, **kwargs) -> None:
        max_length = Term._meta.get_field("variants").base_field.max_length
        super().__init__(forms.CharField(max_length=max_length), delimiter=",", **kwargs)

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value: object) -> list[str]:
        if isinstance(value, str):
            if not value.strip():
                return []
            if any(not item.strip() for item in value.split(self.delimiter)):
                raise ValidationError(self.error_messages["empty_item"], code="empty_item")
        # Each item is stripped of its surrounding spaces by the base field.
        return super().to_python(value)

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        seen: set[str] = set()
        for item in value:
            if normalize(item) in seen:
                raise ValidationError(
                    self.error_messages["duplicate"], code="duplicate", params={"value": item}
                )
            seen.add(normalize(item))


class TermAdminForm(forms.ModelForm):
    variants = VariantsField(
        label="Équivalents",
        required=False,
        help_text=Term._meta.get_field("variants").help_text,
        widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
    )

    class Meta:
        model = Term
        fields = ["label", "slug", "variants", "definition", "category"]

    def clean(self) -> dict:
        cleaned_data = super().clean()
        label = cleaned_data.get("label")
        variants = cleaned_data.get("variants") or []
        if label and any(normalize(variant) == normalize(label) for variant in variants):
            self.add_error(
                "variants", f"« {label} » est le terme lui-même : retirez-le des équivalents."
            )
        return cleaned_data


class TermCategoryFilter(admin.RelatedOnlyFieldListFilter):
    """The categories that terms are linked to, by name (no query per category's domain)."""

    def field_choices(self, field, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        categories = Category.objects.filter(terms__isnull=False).distinct().only("pk", "name")
        return [(category.pk, category.name) for category in categories]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """The glossary: each term's definition, and the equivalents that widen searches."""

    form = TermAdminForm
    list_display = ["label", "variants_display", "category"]
    list_filter = [("category", TermCategoryFilter)]
    list_select_related = ["category__parent"]
    # ``variants_text`` is the array as one string (see get_queryset), so that a search
    # ignores accents in the equivalents too.
    search_fields = ["label__unaccent", "variants_text__unaccent", "definition__unaccent"]
    search_help_text = "Terme, équivalent ou mot de la définition."
    prepopulated_fields = {"slug": ["label"]}
    autocomplete_fields = ["category"]
    fields = ["label", "slug", "variants", "definition", "category"]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Term]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                variants_text=Func(
                    F("variants"),
                    Value(", "),
                    function="array_to_string",
                    output_field=TextField(),
                )
            )
        )

    @admin.display(description="équivalents")
    def variants_display(self, obj: Term) -> str:
        return ", ".join(obj.variants)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Term]) -> None:
        # A bulk delete bypasses Term.delete(), which forgets the cached thesaurus.
        super().delete_queryset(request, queryset)
        clear_thesaurus_cache()
