"""The OpenAPI 3 schema (drf-spectacular): the parameters of the filters from
``directory.api.parameters``, the server from ``SITE_URL``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiFilterExtension

from .parameters import filter_parameters, query_parameter


class StrictFilterExtension(OpenApiFilterExtension):
    """Documents the parameters of ``StrictFilterBackend``'s FilterSets from their table
    (django-filter's own extension would guess them from the filters, and the listing's
    choices of categories and départements are only known once a request loads them)."""

    target_class = "directory.api.filters.StrictFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs) -> list[dict]:
        filterset_class = getattr(auto_schema.view, "filterset_class", None)
        if filterset_class is None:
            return []
        return [
            query_parameter(name, parameter)
            for name, parameter in filter_parameters(filterset_class).items()
        ]


def add_server(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular's postprocessing hook: the API is served on ``SITE_URL``."""
    result["servers"] = [{"url": settings.SITE_URL}]
    return result
