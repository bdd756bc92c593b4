"""The curators' admin around the entries: the autocompletes, the communes' search, what the
``curators`` group may see and do with the reference data, and the superuser's smoke tests."""

from __future__ import annotations

import warnings

import pytest
from django.core.paginator import UnorderedObjectListWarning
from django.urls import reverse

from directory.models import Source
from tests import factories

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")

CURATOR_CODENAMES = {
    "add_initiative",
    "change_initiative",
    "view_initiative",
    "add_location",
    "change_location",
    "view_location",
    "add_relation",
    "change_relation",
    "delete_relation",
    "view_relation",
    "add_source",
    "change_source",
    "view_source",
    "add_term",
    "change_term",
    "view_term",
    "view_category",
    "view_departement",
    "view_commune",
    # Moderation and verification queues (issue 4).
    "change_proposal",
    "view_proposal",
    "change_errorreport",
    "view_errorreport",
    "change_initiativetoverify",
    "view_initiativetoverify",
    # The task queue's jobs: an e-mail that could not be sent (procrastinate's admin).
    "view_procrastinatejob",
    # The imports of data·inclusion, GoGoCarto and spreadsheet files, read only.
    "view_importbatch",
}


# --- Autocomplete ---------------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["montr", "Montreuil", "93100"])
def test_commune_autocomplete_finds_by_name_and_postcode(curator_client, geography, term):
    response = curator_client.get(
        AUTOCOMPLETE,
        {"app_label": "directory", "model_name": "location", "field_name": "commune", "term": term},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Montreuil (93)"]


def test_category_autocomplete_for_initiatives_offers_kinds_only(curator_client, kinds):
    response = curator_client.get(
        AUTOCOMPLETE,
        {
            "app_label": "directory",
            "model_name": "initiative",
            "field_name": "categories",
            "term": "finance",
        },
    )

    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} == {
        "Finance solidaire › Monnaie locale",
        "Finance solidaire › Micro-crédit",
    }


def test_source_autocomplete_for_category_sources_finds_by_title_without_accents(
    editor_client, kinds
):
    factories.SourceFactory(
        title="Quand l'innovation recrée du lien social", publisher="Paris Region Entreprises"
    )
    factories.SourceFactory(title="Le garage solidaire de Savigny-sur-Orge", publisher="")

    response = editor_client.get(
        AUTOCOMPLETE,
        {
            "app_label": "directory",
            "model_name": "category",
            "field_name": "sources",
            "term": "recree",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [
        "Quand l'innovation recrée du lien social (Paris Region Entreprises)"
    ]


def test_source_autocomplete_pages_an_ordered_list(editor_client, db):
    """The changelist's count of initiatives groups the sources: the autocomplete must still
    page them in the model's order (oldest first), each once."""
    factories.SourceFactory.create_batch(25, publisher="")
    pages = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        for page in (1, 2):
            response = editor_client.get(
                AUTOCOMPLETE,
                {
                    "app_label": "directory",
                    "model_name": "category",
                    "field_name": "sources",
                    "term": "article",
                    "page": page,
                },
            )
            pages.append([r["text"] for r in response.json()["results"]])

    assert len(pages[0]) == 20
    assert pages[0] + pages[1] == list(Source.objects.values_list("title", flat=True))


def test_commune_changelist_search_by_postcode_keeps_list_filters(admin_client, geography):
    url = reverse("admin:directory_commune_changelist")

    everywhere = admin_client.get(url, {"q": "75010"})
    arrondissements = admin_client.get(url, {"q": "75010", "kind__exact": "arrondissement"})

    assert {c.name for c in everywhere.context["cl"].result_list} == {
        "Paris",
        "Paris 10e Arrondissement",
    }
    assert {c.name for c in arrondissements.context["cl"].result_list} == {
        "Paris 10e Arrondissement"
    }


# --- Permissions ----------------------------------------------------------------------------------


def test_curators_group_has_exactly_the_curator_permissions(curator):
    group = curator.groups.get()

    codenames = set(group.permissions.values_list("codename", flat=True))

    assert codenames == CURATOR_CODENAMES
    assert set(group.permissions.values_list("content_type__app_label", flat=True)) == {
        "directory",
        "procrastinate",
    }


@pytest.mark.parametrize("url_name", ["admin:directory_category_add", "admin:auth_user_changelist"])
def test_curator_is_forbidden_to_edit_categories_and_users(curator_client, url_name):
    assert curator_client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("model", ["category", "departement", "commune", "source", "location"])
def test_curator_can_view_reference_changelists(curator_client, geography, kinds, model):
    factories.LocationFactory(commune=geography["montreuil"], initiative__sources=[])

    response = curator_client.get(reverse(f"admin:directory_{model}_changelist"))

    assert response.status_code == 200


# --- Superuser smoke tests ------------------------------------------------------------------------


# The rows each changelist lists: one source, initiative and place; the ``kinds`` fixture's
# two domains and three kinds; the ``geography`` fixture's two départements and three communes.
SMOKE_COUNTS = {
    "source": 1,
    "category": 5,
    "departement": 2,
    "commune": 3,
    "initiative": 1,
    "location": 1,
}


@pytest.mark.parametrize(
    "model", ["source", "category", "departement", "commune", "initiative", "location"]
)
def test_superuser_changelist_search_and_add_page_load(admin_client, geography, kinds, model):
    source = factories.SourceFactory()
    initiative = factories.InitiativeFactory(categories=[kinds["amap"]], sources=[source])
    factories.LocationFactory(initiative=initiative, commune=geography["paris10"])

    changelist = admin_client.get(reverse(f"admin:directory_{model}_changelist"))
    search = admin_client.get(reverse(f"admin:directory_{model}_changelist"), {"q": "paris"})
    add = admin_client.get(reverse(f"admin:directory_{model}_add"))

    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == SMOKE_COUNTS[model]
    assert search.status_code == 200
    assert add.status_code == 200
