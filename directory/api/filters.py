"""The API's filter backend: django-filter's for Django REST framework, strict.

The listing's FilterSet (``InitiativeFilter``) shows a parameter it refuses as a form error
and ignores it; an API must not answer such a request with unfiltered data, so here every
refused parameter makes the whole request a 400 that says why (``directory.api.errors``).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend

from ..listing.filters import InitiativeFilter
from .errors import InvalidParameters, problem
from .parameters import filter_parameters


class StrictFilterBackend(DjangoFilterBackend):
    """Bind the query string to the view's ``filterset_class``; 400 on any refused value."""

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        parameters = filter_parameters(type(filterset))
        if not filterset.is_valid():
            raise InvalidParameters(
                [
                    problem(name, messages, parameters.get(name), filterset.form.fields.get(name))
                    for name, messages in filterset.errors.items()
                ]
            )
        if isinstance(filterset, InitiativeFilter):
            chosen = filterset.cleaned.get("tri")
            if chosen and chosen != filterset.sort_key:
                # The listing falls back to its default order; the API says so.
                available = [value for value, _ in filterset.sort_choices]
                raise InvalidParameters(
                    [
                        {
                            **problem(
                                "tri",
                                [f"L'ordre « {chosen} » ne s'applique pas à cette requête."],
                                parameters["tri"],
                            ),
                            "valeurs": available,
                        }
                    ]
                )
        return filterset.qs
