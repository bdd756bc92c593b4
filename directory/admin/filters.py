"""List filters of the initiatives' admin screens."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ..models import (
    Category,
    Departement,
)


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
