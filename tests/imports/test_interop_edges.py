"""The interop import's edges: unreadable files, hostile values, a forged confirmation, the
permission, the changelist's link, and the command line (directory/admin/interop.py,
directory/management/commands/import_entries.py)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from directory.models import ExternalIdentifier, ImportBatch
from tests.imports.conftest import FILES
from tests.imports.steps import URL, confirm, dry_run


@pytest.mark.parametrize(
    ("file_format", "name", "content", "message"),
    [
        (
            "datainclusion",
            "s.json",
            b"{not json",
            "Ce n'est pas du JSON valide (ligne 1, colonne 2).",
        ),
        ("datainclusion", "s.json", b'{"structures": 3}', "Fichier data·inclusion attendu"),
        ("gogocarto", "g.json", b"[1, 2", "Ce n'est pas du JSON valide"),
        ("gogocarto", "g.json", b'{"data": {}}', "Export GoGoCarto attendu"),
        ("datainclusion", "s.csv", b"\xff\xfe\x00", "Fichier illisible : enregistrez-le en UTF-8"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_message(
    curator_client, file_format, name, content, message
):
    response = dry_run(curator_client, file_format, name, content)

    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_rows_that_are_not_objects_are_errors(curator_client, geography):
    response = dry_run(curator_client, "gogocarto", "g.json", b'{"data": [1, "x", null]}')

    assert [each.outcome for each in response.context["planned"]] == ["error"] * 3


def test_a_tampered_confirmation_writes_nothing(curator_client):
    response = curator_client.post(URL, {"payload": "forged"}, follow=True)

    assert response.status_code == 200
    assert "Simulation expirée ou introuvable" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_screen_needs_the_import_permission(client, django_user_model):
    user = django_user_model.objects.create_user("lecteur", is_staff=True)
    client.force_login(user)

    assert client.get(URL).status_code == 403


def test_the_changelist_links_to_the_screen(curator_client, db):
    page = curator_client.get(reverse("admin:directory_initiative_changelist")).content.decode()

    assert f'href="{URL}">Importer data·inclusion / GoGoCarto</a>' in page


def test_hostile_values_are_row_errors_not_server_errors(curator_client, geography):
    structures = [
        {"id": "x" * 201, "nom": "A", "presentation_resume": "B", "code_insee": "93048"},
        {
            "id": "nan",
            "nom": "A\x00",
            "presentation_resume": "B",
            "code_insee": "93048",
            "latitude": "NaN",
            "longitude": "Infinity",
        },
        {"id": "far", "nom": "A", "presentation_resume": "B", "commune": "Marseille"},
        {"id": "long", "nom": "N" * 300, "presentation_resume": "B", "telephone": "0" * 40},
    ]
    content = json.dumps(structures).encode()

    response = dry_run(curator_client, "datainclusion", "s.json", content)

    assert [each.row.errors for each in response.context["planned"]] == [
        ["« id » trop long : 200 caractères au plus."],
        ["latitude « NaN » n'est pas un nombre.", "longitude « Infinity » n'est pas un nombre."],
        ["Aucune commune d'Île-de-France ne correspond à « Marseille »."],
        [
            "nom : Assurez-vous que cette valeur comporte au plus 200 caractères "
            "(actuellement 300).",
            "téléphone : Assurez-vous que cette valeur comporte au plus 30 caractères "
            "(actuellement 40).",
        ],
    ]
    assert confirm(curator_client, response).status_code == 302
    assert ImportBatch.objects.get().skipped_count == 4


def test_the_command_dry_runs_then_imports_through_the_same_code(import_kinds, relais, curator):
    path = str(FILES / "gogocarto.json")
    out = StringIO()

    call_command("import_entries", "gogocarto", path, stdout=out)

    assert out.getvalue().splitlines()[:3] == [
        "1. Repair Café Paris 10 — nouvelle fiche",
        "2. AMAP des Murs a peches — doublon possible : AMAP des Murs à pêches "
        "(nom proche (similarité 1,00), à Montreuil)",
        "3. Épicerie hors région — erreur",
    ]
    assert not ImportBatch.objects.exists()

    call_command(
        "import_entries",
        "gogocarto",
        path,
        "--confirm",
        "--link",
        "2",
        "--user",
        curator.username,
        stdout=StringIO(),
    )

    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.updated_count, batch.skipped_count) == (2, 1, 1)
    assert batch.imported_by == curator
    assert ExternalIdentifier.objects.get(external_id="Cd7yR").initiative.slug == (
        "amap-des-murs-a-peches"
    )


def test_the_command_refuses_an_unreadable_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{")

    with pytest.raises(CommandError, match="Ce n'est pas du JSON valide"):
        call_command("import_entries", "datainclusion", str(path))
