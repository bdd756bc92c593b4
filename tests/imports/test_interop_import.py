"""Importing data·inclusion and GoGoCarto files from the admin (directory/admin/interop.py,
directory/curation/interop/): a dry run shows every row (new, update, possible duplicate with
why, error with its French messages) and writes nothing; the confirmation writes in one
transaction; importing the same file again updates in place; provenance is recorded."""

import json

import pytest
from django.urls import reverse

from directory.models import (
    ExternalIdentifier,
    FieldProvenance,
    ImportBatch,
    Initiative,
    Origin,
    Status,
)
from tests.imports.conftest import sample
from tests.imports.steps import URL, confirm, dry_run, outcomes


@pytest.mark.parametrize("name", ["datainclusion_structures.json", "datainclusion_structures.csv"])
def test_a_datainclusion_file_is_dry_run_then_imported(
    curator_client, curator, import_kinds, relais, name, django_assert_num_queries
):
    before = Initiative.objects.count()

    # Session, user and its two sets of permissions, communes, kinds, external ids, SIRET and
    # RNA, then per row neither updated nor matched by its SIRET its name compared with the
    # entries' (three rows).
    with django_assert_num_queries(11):
        response = dry_run(curator_client, "datainclusion", name, sample(name), "Réseau IdF")

    assert response.status_code == 200
    assert outcomes(response) == [
        (1, "new", None, ""),
        (2, "duplicate", "Entraide du Plateau", "même SIRET"),
        (3, "error", None, ""),
        (4, "new", None, ""),
    ]
    planned = response.context["planned"]
    assert planned[2].row.errors == [
        "courriel public : Saisissez une adresse e-mail valide.",
        "SIRET : Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez "
        "qu'aucun chiffre n'a été inversé.",
    ]
    assert planned[3].row.warnings == [
        "Typologie « ACI » sans correspondance : choisissez le type à la main.",
        "Aucun type d'initiative reconnu : à choisir à la main.",
    ]
    page = response.content.decode()
    assert "Pourquoi : même SIRET." in page
    assert "mettre à jour cette fiche avec la ligne" in page
    # Nothing is written by the dry run.
    assert Initiative.objects.count() == before
    assert not ImportBatch.objects.exists()

    response = confirm(curator_client, response)

    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.updated_count, batch.skipped_count) == (2, 0, 2)
    assert (batch.file_name, batch.publisher, batch.imported_by) == (name, "Réseau IdF", curator)
    assert Initiative.objects.count() == before + 2
    ressourcerie = Initiative.objects.get(name="Ressourcerie du Bas-Montreuil")
    assert ressourcerie.status == Status.DRAFT
    assert ressourcerie.siret == "44012345600012"
    assert ressourcerie.legal_form == ""
    assert [c.slug for c in ressourcerie.categories.all()] == ["reinsertion-recyclage"]
    place = ressourcerie.locations.get()
    assert (place.commune.insee, place.postcode, place.address, place.is_primary) == (
        "93048",
        "93100",
        "12 rue de la Fraternité",
        True,
    )
    assert (place.latitude, place.longitude) == (48.8571, 2.4292)
    velo = Initiative.objects.get(name="Chantier Vélo Paris 10")
    assert velo.rna == "W751212517"
    assert velo.locations.get().commune.insee == "75110"
    assert relais.siret == Initiative.objects.get(pk=relais.pk).siret
    assert sorted(ExternalIdentifier.objects.values_list("external_id", "initiative__name")) == [
        ("idf-0001", "Ressourcerie du Bas-Montreuil"),
        ("idf-0004", "Chantier Vélo Paris 10"),
    ]
    # Provenance: every fact the file gave, from this import.
    credited = FieldProvenance.objects.current().filter(initiative=ressourcerie)
    assert {row.field for row in credited} == {
        "name",
        "summary",
        "description",
        "siret",
        "website",
        "email",
        "phone",
        "categories",
        "places",
    }
    assert {(row.origin, row.batch, row.user) for row in credited} == {
        (Origin.IMPORT, batch, curator)
    }
    version = ressourcerie.history.get()
    assert version.history_change_reason == f"Import data·inclusion : {name}"
    assert version.history_user == curator
    assert [row.category.slug for row in version.categories.all()] == ["reinsertion-recyclage"]


def test_reimporting_a_datainclusion_file_updates_in_place(
    curator_client, curator, import_kinds, relais
):
    content = sample("datainclusion_structures.json")
    confirm(curator_client, dry_run(curator_client, "datainclusion", "v1.json", content))
    entry = Initiative.objects.get(name="Ressourcerie du Bas-Montreuil")
    count = Initiative.objects.count()
    data = json.loads(content)
    data["structures"][0]["presentation_resume"] = "Collecte et revend, désormais le dimanche."
    data["structures"][0]["adresse"] = "14 rue de la Fraternité"

    response = dry_run(curator_client, "datainclusion", "v2.json", json.dumps(data).encode())

    assert outcomes(response)[0] == (1, "update", "Ressourcerie du Bas-Montreuil", "")
    assert outcomes(response)[3] == (4, "update", "Chantier Vélo Paris 10", "")
    assert response.context["planned"][0].changes_display == ["résumé", "adresse"]
    assert response.context["planned"][3].changes_display == []

    confirm(curator_client, response)

    assert Initiative.objects.count() == count
    entry.refresh_from_db()
    assert entry.summary == "Collecte et revend, désormais le dimanche."
    assert list(entry.locations.values_list("address", flat=True)) == ["14 rue de la Fraternité"]
    second = ImportBatch.objects.get(file_name="v2.json")
    assert (second.created_count, second.updated_count, second.skipped_count) == (0, 2, 2)
    summary = FieldProvenance.objects.filter(initiative=entry, field="summary")
    assert [(row.batch.file_name, row.is_current) for row in summary] == [
        ("v2.json", True),
        ("v1.json", False),
    ]
    name = FieldProvenance.objects.current().get(initiative=entry, field="name")
    assert name.batch.file_name == "v1.json"
    assert ExternalIdentifier.objects.get(external_id="idf-0001").last_batch == second


def test_a_linked_duplicate_updates_the_entry_it_looks_like(curator_client, import_kinds, relais):
    content = sample("datainclusion_structures.json")
    response = dry_run(curator_client, "datainclusion", "v1.json", content)

    confirm(curator_client, response, linked=[2])

    relais.refresh_from_db()
    assert relais.name == "Relais solidaire de Montreuil"
    assert relais.legal_form == "association"
    assert ExternalIdentifier.objects.get(external_id="idf-0002").initiative == relais
    again = dry_run(curator_client, "datainclusion", "v1.json", content)
    assert outcomes(again)[1] == (2, "update", "Relais solidaire de Montreuil", "")


def test_a_gogocarto_export_is_dry_run_then_imported(
    curator_client, curator, amap, import_kinds, geography, django_assert_num_queries
):
    before = Initiative.objects.count()
    content = sample("gogocarto.json")

    # Session, user and its two sets of permissions, the kinds' names, communes, kinds,
    # external ids (no SIRET nor RNA in the file), then each row's name compared (four rows).
    with django_assert_num_queries(12):
        response = dry_run(curator_client, "gogocarto", "carte.json", content, "Transiscope")

    assert response.status_code == 200
    assert outcomes(response) == [
        (1, "new", None, ""),
        (2, "duplicate", "AMAP des Murs à pêches", "nom proche (similarité 1,00), à Montreuil"),
        (3, "error", None, ""),
        (4, "new", None, ""),
    ]
    planned = response.context["planned"]
    assert planned[2].row.errors == [
        "latitude : Ce point est trop au sud de l'Île-de-France.",
        "longitude : Ce point est trop à l'est de l'Île-de-France.",
    ]
    assert (
        planned[2].row.warnings
        == ["Catégorie « Épicerie coopérative » sans correspondance : ignorée."]
        or planned[2].row.warnings == []
    )
    assert planned[3].row.warnings == [
        "Catégorie « Jardin partagé » sans correspondance : ignorée.",
        "Aucun type d'initiative reconnu : à choisir à la main.",
    ]
    assert Initiative.objects.count() == before

    confirm(curator_client, response)

    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.updated_count, batch.skipped_count) == (2, 0, 2)
    repair = Initiative.objects.get(name="Repair Café Paris 10")
    assert repair.status == Status.DRAFT
    assert repair.summary == repair.description
    assert [c.slug for c in repair.categories.all()] == ["repair-cafe"]
    place = repair.locations.get()
    assert (place.commune.insee, place.postcode, place.address) == (
        "75110",
        "75010",
        "3 rue du Faubourg-Saint-Denis",
    )
    assert FieldProvenance.objects.current().get(initiative=repair, field="places").batch == batch
    amap.refresh_from_db()
    assert amap.summary == "Des paniers de légumes livrés chaque semaine."

    # The same export again: an update of each entry it created, nothing new.
    again = dry_run(curator_client, "gogocarto", "carte.json", content, "Transiscope")
    assert [each.outcome for each in again.context["planned"]] == [
        "update",
        "duplicate",
        "error",
        "update",
    ]
    confirm(curator_client, again)
    assert Initiative.objects.count() == before + 2


def test_the_detail_page_credits_the_import(client, curator_client, import_kinds, relais):
    content = sample("gogocarto.json")
    confirm(
        curator_client, dry_run(curator_client, "gogocarto", "carte.json", content, "Transiscope")
    )
    repair = Initiative.objects.get(name="Repair Café Paris 10")
    repair.status, repair.published_at = Status.PUBLISHED, repair.created_at
    repair.save()

    page = client.get(repair.get_absolute_url()).content.decode()

    assert "adresse : Transiscope, " in page
    assert "résumé : Transiscope, " in page


def test_curators_see_the_imports_and_each_entry_keeps_its_origins(
    curator_client, import_kinds, relais, django_assert_num_queries
):
    content = sample("gogocarto.json")
    confirm(
        curator_client, dry_run(curator_client, "gogocarto", "carte.json", content, "Transiscope")
    )
    repair = Initiative.objects.get(name="Repair Café Paris 10")

    # Session, user, its two sets of permissions, the counts (filtered and all), the page, and
    # the date hierarchy's two (its bounds, its days): whatever the number of imports.
    with django_assert_num_queries(9):
        listing = curator_client.get(reverse("admin:directory_importbatch_changelist"))
    history = curator_client.get(
        reverse("admin:directory_initiative_history", args=[repair.pk])
    ).content.decode()

    assert listing.status_code == 200
    assert "carte.json" in listing.content.decode()
    assert '<div class="module" id="provenance-history">' in history
    assert "<td>import : Transiscope (carte.json)</td>" in history


def test_a_reimport_adding_a_kind_records_a_version_with_it(curator_client, import_kinds, relais):
    data = json.loads(sample("gogocarto.json"))
    confirm(
        curator_client, dry_run(curator_client, "gogocarto", "v1.json", json.dumps(data).encode())
    )
    repair = Initiative.objects.get(name="Repair Café Paris 10")
    data["data"][0]["categories"] = ["Repair café", "Ressourcerie"]

    response = dry_run(curator_client, "gogocarto", "v2.json", json.dumps(data).encode())
    assert response.context["planned"][0].changes_display == ["catégories"]
    confirm(curator_client, response)

    kinds = ["reinsertion-recyclage", "repair-cafe"]
    assert sorted(c.slug for c in repair.categories.all()) == kinds
    first, last = repair.history.order_by("history_date")
    assert [row.category.slug for row in first.categories.all()] == ["repair-cafe"]
    assert sorted(row.category.slug for row in last.categories.all()) == kinds
    assert last.history_change_reason == "Import GoGoCarto : v2.json"


def test_the_empty_screen_and_the_confirmation_run_a_known_number_of_queries(
    curator_client, import_kinds, relais, django_assert_num_queries
):
    # Session, user and its two sets of permissions.
    with django_assert_num_queries(4):
        page = curator_client.get(URL)
    assert page.status_code == 200
    assert (
        '<input type="submit" class="default" value="Simuler l\'import">' in page.content.decode()
    )
    response = dry_run(curator_client, "gogocarto", "carte.json", sample("gogocarto.json"))

    # The dry run's again (12 with the kinds' names), then in one transaction the batch, the
    # writes of its two new rows (each: a free slug, the entry and its version as saving any
    # entry does, its kinds and the version's, its place and its version, its identifier),
    # the batch's counts and the provenance (two queries for all rows): 57, the writes
    # growing with the rows written, as in any import.
    with django_assert_num_queries(57):
        confirmed = confirm(curator_client, response)
    assert confirmed.status_code == 302
