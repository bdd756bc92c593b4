"""What a spreadsheet import writes records its provenance: one batch of format « tableur »
per confirmed import, credited for the facts that changed (directory/curation/
spreadsheet_provenance.py); the preview records nothing."""

from directory.models import FieldProvenance, ImportBatch, Initiative, Origin
from tests import factories
from tests.spreadsheets.files import confirm, csv_file, preview, row


def test_a_confirmed_import_records_its_batch_for_every_fact_it_set(
    curator_client, curator, geography, kinds
):
    response = preview(curator_client, csv_file(row()), name="lot.csv")
    assert not ImportBatch.objects.exists()

    confirm(curator_client, response)

    batch = ImportBatch.objects.get()
    assert (batch.format, batch.file_name, batch.imported_by) == ("spreadsheet", "lot.csv", curator)
    assert (batch.created_count, batch.updated_count, batch.skipped_count) == (1, 0, 0)
    entry = Initiative.objects.get()
    credited = FieldProvenance.objects.current().filter(initiative=entry)
    assert sorted(row.field for row in credited) == sorted(
        [
            "name",
            "summary",
            "description",
            "categories",
            "legal_form",
            "year_founded",
            "scope",
            "principles",
            "website",
            "email",
            "phone",
            "siret",
            "rna",
            "places",
        ]
    )
    assert {(row.origin, row.batch) for row in credited} == {(Origin.IMPORT, batch)}


def test_an_update_records_only_the_facts_it_changed(curator_client, geography, kinds):
    entry = factories.InitiativeFactory(slug="amap-du-bas-montreuil", name="Ancien nom")
    confirm(curator_client, preview(curator_client, csv_file(row()), name="v1.csv"))
    first = set(
        FieldProvenance.objects.current().filter(initiative=entry).values_list("field", flat=True)
    )
    assert "name" in first

    confirm(
        curator_client,
        preview(curator_client, csv_file(row(téléphone="+33 1 48 00 00 01")), name="v2.csv"),
    )

    second = ImportBatch.objects.get(file_name="v2.csv")
    assert list(
        FieldProvenance.objects.current().filter(batch=second).values_list("field", flat=True)
    ) == ["phone"]
    assert (
        FieldProvenance.objects.current().get(initiative=entry, field="name").batch.file_name
        == "v1.csv"
    )


def test_an_unchanged_file_records_nothing_more(curator_client, geography, kinds):
    confirm(curator_client, preview(curator_client, csv_file(row())))
    count = FieldProvenance.objects.count()

    confirm(curator_client, preview(curator_client, csv_file(row())))

    assert FieldProvenance.objects.count() == count
    assert ImportBatch.objects.count() == 1
