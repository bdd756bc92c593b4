"""Admin of the reference data: sources, categories, territories and the glossary.

Registered when ``directory.admin`` imports this module.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Func, QuerySet, TextField, Value
from django.http import HttpRequest

from .models import (
    Category,
    Commune,
    Departement,
    Source,
    Term,
)
from .search import clear_thesaurus_cache, normalize

# Versions of an entry's places listed under its own history.
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
