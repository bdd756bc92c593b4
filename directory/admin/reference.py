"""Admin of the sources and the categories."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from ..models import (
    Category,
    Source,
)


def _is_autocomplete_for(request: HttpRequest, model_name: str, field_name: str) -> bool:
    """Whether ``request`` is the admin's autocomplete for ``model_name.field_name``."""
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "autocomplete"
        and request.GET.get("model_name") == model_name
        and request.GET.get("field_name") == field_name
    )


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "date", "url", "num_initiatives"]
    search_fields = ["title__unaccent", "publisher__unaccent", "url"]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        # A GROUP BY drops the model's default ordering: give it back, or the autocompletes
        # (initiatives' and categories' sources) would page an unordered list.
        queryset = super().get_queryset(request).annotate(_num_initiatives=Count("initiatives"))
        return queryset.order_by(*Source._meta.ordering)

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
    autocomplete_fields = ["parent", "sources"]
    fields = ["parent", "name", "slug", "description", "sources", "position"]

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
