"""Admin of the départements and communes (editors change them; curators view them)."""

from __future__ import annotations

import re

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ..models import (
    Commune,
    Departement,
)

POSTCODE_RE = re.compile(r"[0-9]{5}")


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
