"""Importing a spreadsheet in the admin: the preview, what a good file creates or updates, and
how a bad row or file leaves the database as it was."""

from __future__ import annotations

import pytest
import tablib
from defusedxml import EntitiesForbidden
from import_export.exceptions import ImportError as ImportFailed

from directory.admin.spreadsheets import XLSX, UnsafeXML
from directory.curation.imports import InitiativeResource
from directory.models import Initiative, Location, Status
from tests import factories
from tests.spreadsheets.files import (
    CSV_FORMAT,
    HEADERS,
    IMPORT,
    XLSX_FORMAT,
    billion_laughs_xlsx,
    confirm,
    csv_file,
    database_state,
    preview,
    row,
    row_errors,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


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


XML_REFUSED = (
    "Fichier refusé : il contient des déclarations XML (DTD ou entités) qu'un classeur n'a pas "
    "à contenir et qui peuvent servir à saturer le serveur. Enregistrez-le de nouveau depuis "
    "votre tableur au format XLSX, puis importez-le."
)


def test_openpyxl_reads_workbooks_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_xlsx_with_an_entity_expansion_is_refused_unexpanded(geography, kinds):
    bomb = billion_laughs_xlsx(row())

    with pytest.raises(UnsafeXML) as refused:
        XLSX().create_dataset(bomb)

    # defusedxml stopped at the first entity declaration, before any expansion.
    assert isinstance(refused.value.__cause__.__context__, EntitiesForbidden)
    assert refused.value.__cause__.__context__.name == "lol0"


def test_xlsx_with_an_entity_expansion_is_refused_in_french(curator_client, geography, kinds):
    before = database_state()

    response = preview(curator_client, billion_laughs_xlsx(row()), XLSX_FORMAT, "lot.xlsx")

    assert response.status_code == 200
    assert response.context["form"].errors == {"import_file": [XML_REFUSED]}
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


# --- Other names ----------------------------------------------------------------------------------


def test_other_names_are_imported_separated_by_semicolons(curator_client, geography, kinds):
    other_names = " Voisin Malin ;; AMAP, Bas Montreuil;voisin-malin ; "
    response = preview(curator_client, csv_file(row(autres_noms=other_names)))
    assert response.context["confirm_form"] is not None, row_errors(response)
    confirm(curator_client, response)
    entry = Initiative.objects.get(slug="amap-du-bas-montreuil")
    assert entry.other_names == ["Voisin Malin", "AMAP, Bas Montreuil"]


def test_an_other_name_that_is_the_name_itself_is_refused_in_its_column(
    curator_client, geography, kinds
):
    response = preview(
        curator_client, csv_file(row(autres_noms="Le Potager; amap du bas montreuil"))
    )
    assert response.context.get("confirm_form") is None
    assert row_errors(response) == {
        1: {
            "autres noms": [
                "« amap du bas montreuil » est le nom de l'initiative lui-même : "
                "retirez-le des autres noms."
            ]
        }
    }


def test_a_file_without_the_other_names_column_keeps_them(curator_client, geography, kinds):
    entry = factories.InitiativeFactory(slug="amap-du-bas-montreuil", other_names=["Le Potager"])
    values = row()
    values.pop("autres noms")
    headers = [header for header in HEADERS if header != "autres noms"]
    dataset = tablib.Dataset(headers=headers)
    dataset.append([values[header] for header in headers])

    confirm(curator_client, preview(curator_client, dataset.export("csv").encode()))

    entry.refresh_from_db()
    assert entry.name == "AMAP du Bas Montreuil"
    assert entry.other_names == ["Le Potager"]
