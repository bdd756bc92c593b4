"""``/api/v1/``: the read-only JSON API, its OpenAPI schema and its documentation."""

from django.urls import path, re_path

from . import docs, views

app_name = "api"

urlpatterns = [
    path("v1/", views.index, name="index"),
    path("v1/initiatives/", views.initiative_list, name="initiatives"),
    path("v1/initiatives/<str:slug>/", views.initiative_detail, name="initiative"),
    path("v1/categories/", views.category_list, name="categories"),
    path("v1/departements/", views.departement_list, name="departements"),
    path("v1/communes/", views.commune_list, name="communes"),
    path("v1/schema/", docs.schema, name="schema"),
    path("v1/docs/", docs.documentation, name="docs"),
    # Anything else under /api/ ending with a slash (without one, Django first adds it).
    re_path(r"^(?P<path>(?:.*/)?)$", views.not_found),
]
