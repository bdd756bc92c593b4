"""Spreadsheets in the admin: import (previewed, all or nothing) and export, CSV and XLSX."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import tablib
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from import_export.exceptions import ImportError as ImportFailed

from directory.models import Initiative, Location, Status
from directory.resources import COLUMNS, InitiativeResource
from tests import factories

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:directory_initiative_import")
PROCESS_IMPORT = reverse("admin:directory_initiative_process_import")
EXPORT = reverse("admin:directory_initiative_export")
HEADERS = list(COLUMNS.values())
CSV_FORMAT, XLSX_FORMAT = 0, 1


@pytest.fixture
def kinds(kinds) -> dict:
    """The shared kinds, and one more that the spreadsheets name with an apostrophe."""
    jardin = factories.KindFactory(
        name="Jardin maraîcher d'insertion", slug="jardin-maraicher", parent=kinds["vie"]
    )
    return kinds | {"jardin": jardin}


def row(**values) -> dict:
    """A good row: a new AMAP in Montreuil. Keyword arguments use the column names with
    underscores for spaces (``annee_de_creation``)."""
    data = {
        "nom": "AMAP du Bas Montreuil",
        "slug": "amap-du-bas-montreuil",
        "résumé": "Des paniers de légumes livrés chaque semaine.",
        "description": "Créée par des habitants.",
        "catégories": "amap|Jardin maraîcher d'insertion",
        "forme juridique": "Association loi 1901",
        "année de création": "2008",
        "portée": "commune",
        "principes": "collective, Partager plutôt que breveter",
        "site web": "https://amap.example.org",
        "courriel": "contact@amap.example.org",
        "téléphone": "+33 1 48 00 00 00",
        "SIRET": "73282932000074",
        "RNA": "W931234567",
        "commune": "93048",
        "statut": "",
    }
    data.update({key.replace("_", " "): value for key, value in values.items()})
    return data


def csv_file(*rows: dict, delimiter: str = ",") -> bytes:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=HEADERS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue().encode()


def xlsx_file(*rows: dict) -> bytes:
    dataset = tablib.Dataset(headers=HEADERS)
    for values in rows:
        dataset.append([values.get(header, "") for header in HEADERS])
    return dataset.export("xlsx")


def preview(client, content: bytes, file_format: int = CSV_FORMAT, name: str = "lot.csv"):
    """The import's first step: upload, dry run, preview."""
    upload = SimpleUploadedFile(name, content)
    return client.post(IMPORT, {"resource": "0", "format": file_format, "import_file": upload})


def confirm(client, preview_response):
    """The import's second step: the curator confirms the preview."""
    form = preview_response.context["confirm_form"]
    return client.post(PROCESS_IMPORT, {name: form.initial[name] for name in form.fields})


def database_state() -> list:
    return [
        list(Initiative.objects.order_by("pk").values()),
        list(Location.objects.order_by("pk").values()),
        list(Initiative.categories.through.objects.order_by("pk").values()),
    ]


def row_errors(response) -> dict[int, dict]:
    return {
        invalid.number: invalid.field_specific_errors
        for invalid in response.context["result"].invalid_rows
    }


# --- Import ------------------------------------------------------------------------------------


def test_import_page_explains_the_columns(curator_client):
    response = curator_client.get(IMPORT)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Seule la colonne <code>slug</code> est obligatoire" in content
    assert "année de création" in content


def test_preview_changes_nothing(curator_client, geography, kinds):
    before = database_state()
    response = preview(curator_client, csv_file(row()))
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert "AMAP du Bas Montreuil" in response.content.decode()
    assert database_state() == before


def test_good_import_creates_entries_with_categories_and_commune(curator_client, geography, kinds):
    second = row(
        nom="Monnaie du 10e",
        slug="",
        catégories="Monnaie locale",
        commune="paris-10e-arrondissement",
        statut="Publiée",
        SIRET="",
        RNA="",
    )
    response = confirm(curator_client, preview(curator_client, csv_file(row(), second)))
    assert response.status_code == 302
    amap = Initiative.objects.get(slug="amap-du-bas-montreuil")
    assert amap.status == Status.DRAFT  # no status given: a draft
    assert set(amap.categories.all()) == {kinds["amap"], kinds["jardin"]}
    assert amap.legal_form == "association"
    assert amap.year_founded == 2008
    assert amap.principles == ["collective", "partage"]
    assert amap.siret == "73282932000074"
    assert [(place.commune, place.is_primary) for place in amap.locations.all()] == [
        (geography["montreuil"], True)
    ]
    monnaie = Initiative.objects.get(name="Monnaie du 10e")
    assert monnaie.slug == "monnaie-du-10e"  # deduced from the name
    assert monnaie.status == Status.PUBLISHED
    assert monnaie.published_at is not None
    assert monnaie.locations.get().commune == geography["paris10"]


def test_import_in_xlsx(curator_client, geography, kinds):
    data = xlsx_file(row(SIRET=73282932000074, année_de_création=2008, commune="Montreuil"))
    response = preview(curator_client, data, XLSX_FORMAT, "lot.xlsx")
    assert response.context["confirm_form"] is not None, row_errors(response)
    confirm(curator_client, response)
    amap = Initiative.objects.get(slug="amap-du-bas-montreuil")
    assert (amap.siret, amap.year_founded) == ("73282932000074", 2008)
    assert amap.locations.get().commune == geography["montreuil"]


def test_import_of_a_csv_separated_by_semicolons(curator_client, geography, kinds):
    response = preview(curator_client, csv_file(row(), delimiter=";"))
    assert response.context["confirm_form"] is not None, row_errors(response)
    confirm(curator_client, response)
    assert Initiative.objects.filter(slug="amap-du-bas-montreuil").exists()


def test_one_malformed_row_is_shown_and_nothing_is_imported(curator_client, geography, kinds):
    before = database_state()
    bad = row(
        slug="mauvaise-ligne",
        nom="Mauvaise ligne",
        SIRET="73282932000075",
        année_de_création="vers 2010",
        catégories="amap|inconnue",
        commune="Atlantis",
        forme_juridique="SARL",
    )
    response = preview(curator_client, csv_file(row(), bad))
    assert response.context.get("confirm_form") is None  # no way to confirm
    errors = row_errors(response)
    assert list(errors) == [2]
    assert set(errors[2]) == {
        "SIRET",
        "année de création",
        "catégories",
        "commune",
        "forme juridique",
    }
    assert "clé de contrôle" in errors[2]["SIRET"][0]
    assert "« inconnue »" in errors[2]["catégories"][0]
    assert "Atlantis" in errors[2]["commune"][0]
    assert "Association loi 1901" in errors[2]["forme juridique"][0]
    assert database_state() == before


UNREADABLE = {
    b"\x00\x01 pas un classeur": "Erreur 'BadZipFile' pendant la lecture du fichier."
    " Assurez-vous d’avoir choisi le bon format pour le fichier.",
    b"\xff\xfe\x00": "Erreur 'UnicodeDecodeError' pendant la lecture du fichier."
    " Assurez-vous d’avoir choisi le bon format pour le fichier.",
    b"": "Le fichier soumis est vide.",
}


@pytest.mark.parametrize(
    ("content", "file_format"),
    [(b"\x00\x01 pas un classeur", XLSX_FORMAT), (b"\xff\xfe\x00", CSV_FORMAT), (b"", CSV_FORMAT)],
)
def test_unreadable_file_is_refused_without_server_error(curator_client, content, file_format):
    before = database_state()
    response = preview(curator_client, content, file_format)
    assert response.status_code == 200
    # The upload form says why, and there is no preview to confirm.
    assert response.context["form"].errors == {"import_file": [UNREADABLE[content]]}
    assert response.context.get("result") is None
    assert database_state() == before


def test_row_becoming_invalid_at_confirmation_rolls_back_the_whole_import(
    curator_client, geography, kinds
):
    """All or nothing at the last step too: the second row's category disappears between
    the preview and the confirmation, after the first row was written."""
    other = row(nom="Autre AMAP", slug="autre-amap", catégories="monnaie-locale")
    response = preview(curator_client, csv_file(row(), other))
    kinds["monnaie"].delete()
    before = database_state()
    response = confirm(curator_client, response)
    assert response.status_code == 200
    assert "Import annulé" in response.content.decode()
    assert list(row_errors(response)) == [2]
    assert database_state() == before


@pytest.mark.parametrize(
    "options", [{"rollback_on_validation_errors": True}, {"raise_errors": True}]
)
def test_transactional_import_writes_nothing_when_a_row_is_invalid(
    settings, geography, kinds, options
):
    assert settings.IMPORT_EXPORT_USE_TRANSACTIONS
    resource = InitiativeResource()
    assert resource.get_use_transactions()
    dataset = tablib.Dataset(headers=HEADERS)
    dataset.append(list(row().values()))
    dataset.append(list(row(slug="autre", RNA="X123").values()))
    if options.get("raise_errors"):
        with pytest.raises(ImportFailed, match="RNA"):
            resource.import_data(dataset, dry_run=False, **options)
    else:
        result = resource.import_data(dataset, dry_run=False, **options)
        assert result.has_validation_errors()
    assert not Initiative.objects.exists()
    assert not Location.objects.exists()


def test_import_updates_an_entry_found_by_slug_and_moves_its_primary_place(
    curator_client, geography, kinds
):
    entry = factories.InitiativeFactory(slug="amap-du-bas-montreuil", name="Ancien nom")
    old_place = factories.LocationFactory(
        initiative=entry, commune=geography["paris10"], is_primary=True, address="1 rue Haute"
    )
    confirm(curator_client, preview(curator_client, csv_file(row(statut=""))))
    entry.refresh_from_db()
    assert entry.name == "AMAP du Bas Montreuil"
    assert entry.status == Status.PUBLISHED  # an empty cell keeps the status
    places = list(entry.locations.all())
    assert [(place.commune, place.is_primary) for place in places] == [
        (geography["montreuil"], True),
        (geography["paris10"], False),
    ]
    assert places[1].pk == old_place.pk and places[1].address == "1 rue Haute"


def test_unchanged_rows_are_skipped(curator_client, geography, kinds):
    confirm(curator_client, preview(curator_client, csv_file(row())))
    updated_at = Initiative.objects.get().updated_at
    response = preview(curator_client, csv_file(row()))
    assert [result.import_type for result in response.context["result"].rows] == ["skip"]
    confirm(curator_client, response)
    assert Initiative.objects.get().updated_at == updated_at


def test_formulas_are_neutralised_on_export_and_restored_on_import(geography, kinds):
    factories.InitiativeFactory(name='=HYPERLINK("http://pirate")', phone="+33 1 23 45 67 89")
    exported = InitiativeResource().export().dict[0]
    assert exported["nom"] == '\'=HYPERLINK("http://pirate")'
    assert exported["téléphone"] == "+33 1 23 45 67 89"
    widget = InitiativeResource.fields["name"].widget
    assert widget.clean(exported["nom"]) == '=HYPERLINK("http://pirate")'


# --- Export ------------------------------------------------------------------------------------


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


def export_form_data(file_format: int) -> dict:
    data = {"resource": "0", "format": str(file_format)}
    for name in COLUMNS:
        data[f"initiativeresource_{name}"] = "on"
    return data


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


# --- Permissions -------------------------------------------------------------------------------


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
