"""The API's views: read-only, anonymous, JSON.

Each is a public page of the site as far as caching goes (``public_page``): it reads the data
version, answers ``304`` to an ``If-None-Match`` holding its ETag, else serves the response
from the page cache or makes and stores it. A parameter a view does not document is refused
(400), as is any value its FilterSet or its pagination refuses: an API must not answer a
mistyped filter with unfiltered data.

The docstrings of the views are the OpenAPI schema's descriptions of their operations, hence
in French.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from ..listing.filters import InitiativeFilter
from ..listing.reference import reference_categories
from ..models import Category, Commune, Departement, Initiative
from ..models.entries import attach_categories
from ..models.provenance import current_provenance
from ..models.relations import attach_related_slugs
from ..public.caching import public_page
from ..site_url import absolute_url
from .errors import InvalidParameters, unknown_parameter
from .filters import StrictFilterBackend
from .filtersets import CommuneFilter
from .pagination import KeysetPagination
from .parameters import PAGINATION_PARAMETERS
from .serializers import (
    CategorySerializer,
    CommuneSerializer,
    DepartementSerializer,
    ErrorSerializer,
    InitiativeDetailSerializer,
    InitiativeSerializer,
    ParameterErrorSerializer,
)

# How long clients and proxies may reuse a response before revalidating it (a 304 is cheap).
LIST_MAX_AGE = 60
ENTRY_MAX_AGE = 300
REFERENCE_MAX_AGE = 3600
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
ERRORS = {
    400: OpenApiResponse(ParameterErrorSerializer, description="Un paramètre refusé."),
    404: OpenApiResponse(ErrorSerializer, description="Aucune fiche publiée à cet identifiant."),
    405: OpenApiResponse(ErrorSerializer, description="Une méthode autre que GET, HEAD, OPTIONS."),
}


def documented(serializer, *errors: int):
    """The schema of a view's GET: ``serializer`` on success, then the errors it may answer."""
    responses = {200: serializer, **{code: ERRORS[code] for code in errors}}
    return extend_schema_view(get=extend_schema(responses=responses))


class ReadOnlyView(generics.GenericAPIView):
    """A view that accepts only the query parameters it documents: its FilterSet's and, for a
    list, the pagination's."""

    def allowed_parameters(self) -> set[str]:
        allowed = set()
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        if self.pagination_class is not None:
            allowed |= set(PAGINATION_PARAMETERS)
        return allowed

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return  # 405 (or the OPTIONS description), whatever the query string
        allowed = self.allowed_parameters()
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise InvalidParameters([unknown_parameter(name, allowed) for name in unknown])


class ReadOnlyListView(ReadOnlyView, generics.ListAPIView):
    pagination_class = KeysetPagination
    filter_backends = [StrictFilterBackend]


@documented(InitiativeSerializer, 400, 405)
class InitiativeList(ReadOnlyListView):
    """Les initiatives publiées, filtrées comme la liste du site (/initiatives/), dans son
    ordre (`tri`), page par page (`curseur`)."""

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter

    def get_queryset(self):
        return Initiative.objects.published().for_api()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None  # (always paginated)
        attach_categories(page, reference_categories())
        attach_related_slugs(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@documented(InitiativeDetailSerializer, 400, 404, 405)
class InitiativeDetail(ReadOnlyView, generics.RetrieveAPIView):
    """Une initiative publiée, par son identifiant, avec la provenance de ses informations."""

    serializer_class = InitiativeDetailSerializer
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return Initiative.objects.published().for_api().prefetch_related(current_provenance())

    def get_object(self) -> Initiative:
        slug = self.kwargs["slug"]
        found = self.get_queryset().filter(slug=slug).first() if SLUG.fullmatch(slug) else None
        if found is None:
            raise NotFound(f"Aucune initiative publiée n'a l'identifiant « {slug[:100]} ».")
        attach_categories([found], reference_categories())
        attach_related_slugs([found])
        return found


@documented(CategorySerializer, 400, 405)
class CategoryList(ReadOnlyListView):
    """Les catégories : les domaines (`parent` null) et leurs types."""

    serializer_class = CategorySerializer

    def get_queryset(self):
        return Category.objects.select_related("parent")


@documented(DepartementSerializer, 400, 405)
class DepartementList(ReadOnlyListView):
    """Les départements d'Île-de-France."""

    serializer_class = DepartementSerializer

    def get_queryset(self):
        return Departement.objects.all()


@documented(CommuneSerializer, 400, 405)
class CommuneList(ReadOnlyListView):
    """Les communes d'Île-de-France et les arrondissements de Paris (1 286 en tout), par nom."""

    serializer_class = CommuneSerializer
    filterset_class = CommuneFilter

    def get_queryset(self):
        return Commune.objects.select_related("departement", "parent")


class Index(ReadOnlyView):
    """Les adresses de l'API."""

    pagination_class = None

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        names = {
            "initiatives": "api:initiatives",
            "categories": "api:categories",
            "departements": "api:departements",
            "communes": "api:communes",
            "schema": "api:schema",
            "documentation": "api:docs",
        }
        return Response({key: absolute_url(reverse(name)) for key, name in names.items()})


index = public_page(max_age=REFERENCE_MAX_AGE)(Index.as_view())
initiative_list = public_page(max_age=LIST_MAX_AGE)(InitiativeList.as_view())
initiative_detail = public_page(max_age=ENTRY_MAX_AGE)(InitiativeDetail.as_view())
category_list = public_page(max_age=REFERENCE_MAX_AGE)(CategoryList.as_view())
departement_list = public_page(max_age=REFERENCE_MAX_AGE)(DepartementList.as_view())
commune_list = public_page(max_age=REFERENCE_MAX_AGE)(CommuneList.as_view())


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other address under /api/: a 404 in JSON, as the API's own."""
    index = absolute_url(reverse("api:index"))
    return JsonResponse(
        {"detail": f"Aucune ressource à cette adresse : voir {index}."},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
