"""The API's one FilterSet of its own: the communes' (the initiatives are filtered by the
listing's ``InitiativeFilter``)."""

from __future__ import annotations

import django_filters

from ..listing.reference import reference_departements
from ..models import Commune, Initiative
from ..models.territories import CommuneQuerySet


class CommuneFilter(django_filters.FilterSet):
    """Communes of some départements (by INSEE code or slug), those with published entries."""

    departement = django_filters.MultipleChoiceFilter(
        label="Départements", method="filter_departements"
    )
    avec_initiatives = django_filters.ChoiceFilter(
        label="Avec des initiatives",
        choices=[("1", "Seulement les communes où une initiative publiée a un lieu")],
        method="filter_with_entries",
    )

    class Meta:
        model = Commune
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.departements = reference_departements()
        self.filters["departement"].extra["choices"] = [
            (key, departement.name)
            for departement in self.departements
            for key in (departement.code, departement.slug)
        ]

    def filter_departements(self, queryset: CommuneQuerySet, name: str, value: list[str]):
        chosen = [d.pk for d in self.departements if d.code in value or d.slug in value]
        return queryset.filter(departement_id__in=chosen)

    def filter_with_entries(self, queryset: CommuneQuerySet, name: str, value: str):
        return queryset.having(Initiative.objects.published())
