"""Exporting the initiatives to a spreadsheet in the admin, CSV or XLSX, and who may import or
export."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Initiative
from tests import factories
from tests.spreadsheets.files import (
    EXPORT,
    HEADERS,
    IMPORT,
    PROCESS_IMPORT,
    XLSX_FORMAT,
    confirm,
    database_state,
    export_form_data,
    preview,
)

pytestmark = pytest.mark.django_db


# --- Export ---------------------------------------------------------------------------------------


@pytest.fixture
def entries(geography, kinds) -> dict:
    published = factories.InitiativeFactory(
        name="AMAP publiée",
        slug="amap-publiee",
        categories=[kinds["amap"], kinds["jardin"]],
        principles=["collective", "partage"],
        siret="73282932000074",
    )
    factories.LocationFactory(initiative=published, commune=geography["paris10"])
    factories.LocationFactory(initiative=published, commune=geography["montreuil"], is_primary=True)
    draft = factories.DraftInitiativeFactory(
        name="Monnaie en brouillon", slug="monnaie-brouillon", categories=[kinds["monnaie"]]
    )
    return {"published": published, "draft": draft}


def test_export_in_csv_has_french_columns_and_only_the_filtered_entries(curator_client, entries):
    response = curator_client.post(f"{EXPORT}?status__exact=published", export_form_data(0))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="initiatives-' in response["Content-Disposition"]
    content = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert content.splitlines()[0].split(",") == HEADERS
    assert [exported["nom"] for exported in rows] == ["AMAP publiée"]
    exported = rows[0]
    assert exported["catégories"] == "amap|jardin-maraicher"
    assert exported["commune"] == "93048"  # the primary place's, by INSEE code
    assert exported["forme juridique"] == "Association loi 1901"
    assert exported["principes"] == "collective|partage"
    assert exported["statut"] == "Publiée"
    assert exported["SIRET"] == "73282932000074"
    assert exported["autres noms"] == ""


def test_other_names_are_exported_separated_by_semicolons(curator_client, entries):
    Initiative.objects.filter(slug="amap-publiee").update(
        other_names=["AMAP, Bas Montreuil", "=Le Potager"]
    )
    response = curator_client.post(f"{EXPORT}?status__exact=published", export_form_data(0))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["autres noms"] == "AMAP, Bas Montreuil; =Le Potager"
    assert HEADERS[:2] == ["nom", "autres noms"]


def test_export_in_xlsx_follows_the_search(curator_client, entries):
    response = curator_client.post(f"{EXPORT}?q=monnaie", export_form_data(1))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0] == HEADERS
    assert [line[0] for line in values[1:]] == ["Monnaie en brouillon"]
    assert values[1][HEADERS.index("statut")] == "Brouillon"


def test_export_then_import_changes_nothing(curator_client, entries):
    exported = curator_client.post(EXPORT, export_form_data(0)).content
    before = database_state()
    response = preview(curator_client, exported)
    assert {result.import_type for result in response.context["result"].rows} == {"skip"}
    confirm(curator_client, response)
    assert database_state() == before


def test_export_query_count_does_not_grow_with_entries(curator_client, geography, kinds):
    """Protects the export from a query per entry's categories or places."""

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            curator_client.post(EXPORT, export_form_data(0))
        return len(queries)

    factories.InitiativeFactory(categories=[kinds["amap"]])
    few = count()
    for entry in factories.InitiativeFactory.create_batch(10, categories=[kinds["jardin"]]):
        factories.LocationFactory(initiative=entry, commune=geography["montreuil"])
    assert count() == few


def test_control_characters_do_not_break_the_xlsx_export(curator_client, entries):
    Initiative.objects.filter(slug="amap-publiee").update(description="Collé\x01 d'ailleurs")
    response = curator_client.post(EXPORT, export_form_data(XLSX_FORMAT))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    name, description = HEADERS.index("nom"), HEADERS.index("description")
    descriptions = {
        line[name].value: line[description].value for line in sheet.iter_rows(min_row=2)
    }
    assert descriptions["AMAP publiée"] == "Collé\N{REPLACEMENT CHARACTER} d'ailleurs"


def test_export_page_offers_columns_by_their_french_names(curator_client):
    content = curator_client.get(EXPORT).content.decode()
    assert "année de création" in content


# --- Permissions ----------------------------------------------------------------------------------


def test_curator_sees_import_and_export_buttons(curator_client):
    content = curator_client.get(reverse("admin:directory_initiative_changelist")).content
    assert IMPORT.encode() in content and EXPORT.encode() in content


@pytest.fixture
def viewer_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="lectrice", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_initiative"))
    client.force_login(user)
    return client


def test_view_permission_allows_export_but_not_import(viewer_client, entries):
    assert viewer_client.get(IMPORT).status_code == 403
    assert viewer_client.post(IMPORT, {}).status_code == 403
    assert viewer_client.post(PROCESS_IMPORT, {}).status_code == 403
    assert viewer_client.post(EXPORT, export_form_data(0)).status_code == 200
    changelist = viewer_client.get(reverse("admin:directory_initiative_changelist")).content
    assert IMPORT.encode() not in changelist


def test_staff_without_permission_cannot_export(client, django_user_model):
    user = django_user_model.objects.create_user(username="stagiaire", is_staff=True)
    client.force_login(user)
    assert client.post(EXPORT, export_form_data(0)).status_code == 403
    assert client.get(IMPORT).status_code == 403
