"""Importing data·inclusion services (directory/curation/interop/): each service completes the
entry of its structure, imported before from data·inclusion: the kinds of its thématiques, and
its hours on the main place when that has none. A dry run shows every service and writes
nothing; a service of an unknown structure is an error; the confirmation writes in one
transaction, with the provenance; importing the file again changes nothing more."""

from io import StringIO

import pytest
from django.core.management import call_command

from directory.models import ExternalIdentifier, FieldProvenance, ImportBatch, Initiative, Origin
from tests import factories
from tests.imports.conftest import FILES, sample
from tests.imports.steps import confirm, dry_run, outcomes

SERVICES = "datainclusion_services"


@pytest.fixture
def structures(curator_client, import_kinds, relais) -> dict:
    """The structures' sample imported (its entries idf-0001 and idf-0004), and the kind a
    service's thématique maps to."""
    domain = import_kinds["repair-cafe"].parent
    factories.KindFactory(name="Garage solidaire", slug="garage-solidaire", parent=domain)
    content = sample("datainclusion_structures.json")
    confirm(curator_client, dry_run(curator_client, "datainclusion", "s.json", content))
    return {
        "ressourcerie": Initiative.objects.get(name="Ressourcerie du Bas-Montreuil"),
        "velo": Initiative.objects.get(name="Chantier Vélo Paris 10"),
    }


@pytest.mark.parametrize("name", ["datainclusion_services.json", "datainclusion_services.csv"])
def test_a_services_file_is_dry_run_then_completes_its_structures_entries(
    curator_client, curator, structures, name, django_assert_num_queries
):
    ressourcerie, velo = structures["ressourcerie"], structures["velo"]
    versions = ressourcerie.history.count()

    # Session, user and its two sets of permissions, the kinds, the structures' identifiers,
    # their entries' kinds and places: whatever the number of services.
    with django_assert_num_queries(8):
        response = dry_run(curator_client, SERVICES, name, sample(name), "Réseau IdF")

    assert response.status_code == 200
    assert outcomes(response) == [
        (1, "update", "Ressourcerie du Bas-Montreuil", ""),
        (2, "update", "Chantier Vélo Paris 10", ""),
        (3, "error", None, ""),
    ]
    first, second, third = response.context["planned"]
    assert first.row.warnings == [
        "Thématique « equipement-et-alimentation--electromenager » sans correspondance : ignorée."
    ]
    assert first.changes_display == ["horaires d'accueil"]
    assert second.row.warnings == [
        "Thématique « mobilite--etre-accompagne-dans-son-parcours-mobilite » sans "
        "correspondance : ignorée."
    ]
    assert second.changes_display == ["catégories"]
    assert third.row.errors == [
        "Structure inconnue : « idf-9999 » (aucune fiche importée de data·inclusion n'a cet "
        "identifiant : importez d'abord ses structures)."
    ]
    page = response.content.decode()
    assert "<td>Petit électroménager à prix solidaire</td>" in page
    assert "Structure inconnue : « idf-9999 »" in page
    # Nothing is written by the dry run.
    assert ressourcerie.locations.get().opening_hours == ""
    assert [c.slug for c in velo.categories.all()] == []
    assert ImportBatch.objects.filter(format=SERVICES).count() == 0

    assert confirm(curator_client, response).status_code == 302

    batch = ImportBatch.objects.get(format=SERVICES)
    assert (batch.created_count, batch.updated_count, batch.skipped_count) == (0, 2, 1)
    assert (batch.file_name, batch.publisher, batch.imported_by) == (name, "Réseau IdF", curator)
    ressourcerie.refresh_from_db()
    place = ressourcerie.locations.get()
    assert place.opening_hours == "Mo-Sa 10:00-18:00; PH off"
    assert place.schedule is not None
    assert [c.slug for c in velo.categories.all()] == ["garage-solidaire"]
    # The summaries and descriptions of the services are not copied over the structures'.
    assert ressourcerie.summary == "Collecte, répare et revend les objets du quartier."
    assert ressourcerie.phone == "01 48 00 00 10"
    # The entry's own fields did not change: no new version of the ressourcerie, one of its place.
    assert ressourcerie.history.count() == versions
    assert (
        place.history.first().history_change_reason == f"Import data·inclusion : services : {name}"
    )
    assert (
        velo.history.first().history_change_reason == f"Import data·inclusion : services : {name}"
    )
    assert sorted(
        ExternalIdentifier.objects.filter(format=SERVICES).values_list(
            "external_id", "initiative__name"
        )
    ) == [
        ("idf-svc-01", "Ressourcerie du Bas-Montreuil"),
        ("idf-svc-02", "Chantier Vélo Paris 10"),
    ]
    # Provenance: the fields the services set, from this import.
    credited = FieldProvenance.objects.current().filter(batch=batch)
    assert sorted((row.initiative.name, row.field) for row in credited) == [
        ("Chantier Vélo Paris 10", "categories"),
        ("Ressourcerie du Bas-Montreuil", "places"),
    ]
    assert {(row.origin, row.user) for row in credited} == {(Origin.IMPORT, curator)}


def test_reimporting_a_services_file_changes_nothing_more(
    curator_client, structures, django_assert_num_queries
):
    content = sample("datainclusion_services.json")
    response = dry_run(curator_client, SERVICES, "v1.json", content)

    # The dry run's again (8), then in one transaction the batch, each service's writes (the
    # ressourcerie: its place and the place's version, its identifier; the workshop: the
    # entry and its version as saving any entry does, its kinds and the version's, its
    # identifier), the batch's counts and the provenance (two queries for all rows): 43, the
    # writes growing with the rows written, as in any import.
    with django_assert_num_queries(43):
        confirm(curator_client, response)
    velo = structures["velo"]
    versions = velo.history.count()

    again = dry_run(curator_client, SERVICES, "v2.json", content)

    assert [each.outcome for each in again.context["planned"]] == ["update", "update", "error"]
    assert [each.changes for each in again.context["planned"]] == [[], [], []]
    confirm(curator_client, again)
    second = ImportBatch.objects.get(file_name="v2.json")
    assert (second.created_count, second.updated_count, second.skipped_count) == (0, 2, 1)
    assert [c.slug for c in velo.categories.all()] == ["garage-solidaire"]
    assert velo.history.count() == versions
    assert ExternalIdentifier.objects.filter(format=SERVICES).count() == 2
    assert ExternalIdentifier.objects.get(external_id="idf-svc-02").last_batch == second
    # Nothing changed, so no provenance from the second import.
    assert not FieldProvenance.objects.filter(batch=second).exists()


def test_hours_already_set_are_kept_and_bad_hours_are_an_error(curator_client, structures):
    place = structures["ressourcerie"].locations.get()
    place.opening_hours = "Mo-Fr 09:00-12:00"
    place.save()
    content = (
        b'[{"id": "a", "structure_id": "idf-0001", "nom": "A", "horaires_accueil": "Mo-Sa '
        b'10:00-18:00"}, {"id": "b", "structure_id": "idf-0004", "nom": "B", '
        b'"horaires_accueil": "lundi matin"}, {"id": "c", "nom": "C"}, 3, {"id": "d", '
        b'"structure_id": "idf-0004", "thematiques": '
        b'"x, mobilite--entretenir-reparer-son-vehicule"}]'
    )

    response = dry_run(curator_client, SERVICES, "h.json", content)

    first, second, third, fourth, fifth = response.context["planned"]
    assert (first.outcome, first.changes) == ("update", [])
    assert first.row.warnings == [
        "Le lieu principal a déjà ses horaires (« Mo-Fr 09:00-12:00 ») : gardés."
    ]
    assert second.outcome == "error"
    assert second.row.errors[0].startswith(
        "horaires d'accueil : Ces horaires ne sont pas dans le format OpenStreetMap"
    )
    assert third.row.errors == [
        "« structure_id » manquant : le service complète la fiche de sa structure."
    ]
    assert fourth.row.errors == ["Cette ligne n'est pas un service (un objet JSON)."]
    assert fifth.row.warnings == ["Thématique « x » sans correspondance : ignorée."]
    assert [category.slug for category in fifth.categories] == ["garage-solidaire"]
    confirm(curator_client, response)
    place.refresh_from_db()
    assert place.opening_hours == "Mo-Fr 09:00-12:00"


def test_the_command_imports_services(structures):
    out = StringIO()

    call_command("import_entries", SERVICES, str(FILES / "datainclusion_services.csv"), stdout=out)

    assert out.getvalue().splitlines()[0] == (
        "1. Petit électroménager à prix solidaire — mise à jour : Ressourcerie du Bas-Montreuil"
    )
    assert "Structure inconnue : « idf-9999 »" in out.getvalue()
    assert not ImportBatch.objects.filter(format=SERVICES).exists()

    call_command(
        "import_entries",
        SERVICES,
        str(FILES / "datainclusion_services.csv"),
        "--confirm",
        stdout=StringIO(),
    )

    assert ImportBatch.objects.get(format=SERVICES).updated_count == 2


def test_a_file_that_is_not_a_list_of_services_is_refused(curator_client, db):
    response = dry_run(curator_client, SERVICES, "s.json", b'{"structures": []}')

    assert response.context["form"].errors["file"] == [
        "Fichier data·inclusion attendu : une liste de services, ou un objet dont « services » "
        "est cette liste."
    ]
    assert not ImportBatch.objects.exists()
