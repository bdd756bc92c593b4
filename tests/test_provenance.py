"""Where each public fact comes from (directory/models/provenance.py,
directory/curation/provenance.py): recorded by the admin's change form, shown on the detail
page and in the API."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from directory.curation.proposals import ProposedInitiative, publish_proposals, submit_proposal
from directory.curation.provenance import record
from directory.models import FieldProvenance, ImportBatch, Origin
from tests import factories
from tests.admin_forms import form_data

MARCH_2026 = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=datetime.UTC)


def current(initiative) -> dict:
    return {
        row.field: (row.origin, row.source, row.batch, row.user)
        for row in FieldProvenance.objects.current().filter(initiative=initiative)
    }


def test_an_admin_edit_records_the_curator_for_the_fields_it_changed(curator_client, curator, amap):
    place = amap.locations.get()
    data = form_data(amap, [place], website="https://amap.example.org")
    data["locations-0-address"] = "12 rue Saint-Antoine"

    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[amap.pk]), data
    )

    assert response.status_code == 302, response.context["errors"]
    assert current(amap) == {
        "places": (Origin.CURATOR, None, None, curator),
        "website": (Origin.CURATOR, None, None, curator),
    }


def test_an_admin_edit_naming_a_source_credits_it_and_keeps_the_former_origin(
    curator_client, curator, amap
):
    source = factories.SourceFactory(title="Annuaire des AMAP", publisher="Réseau AMAP IdF")
    url = reverse("admin:directory_initiative_change", args=[amap.pk])
    places = list(amap.locations.all())
    curator_client.post(url, form_data(amap, places, phone="01 48 00 00 00"))

    response = curator_client.post(
        url, form_data(amap, places, phone="01 48 00 00 01", provenance_source=source.pk)
    )

    assert response.status_code == 302, response.context["errors"]
    assert current(amap) == {"phone": (Origin.SOURCE, source, None, curator)}
    history = FieldProvenance.objects.filter(initiative=amap, field="phone")
    assert [(row.origin, row.is_current) for row in history] == [
        (Origin.SOURCE, True),
        (Origin.CURATOR, False),
    ]


def test_an_unchanged_save_records_nothing(curator_client, amap):
    response = curator_client.post(
        reverse("admin:directory_initiative_change", args=[amap.pk]),
        form_data(amap, list(amap.locations.all())),
    )

    assert response.status_code == 302
    assert not FieldProvenance.objects.exists()


def test_the_change_form_shows_the_current_provenance(curator_client, amap):
    batch = ImportBatch.objects.create(
        format="gogocarto", file_name="amap.json", publisher="Réseau AMAP IdF"
    )
    record([(amap, ["places"])], origin=Origin.IMPORT, batch=batch, now=MARCH_2026)

    page = curator_client.get(reverse("admin:directory_initiative_change", args=[amap.pk]))

    assert "adresse : Réseau AMAP IdF, 12/03/2026" in page.content.decode()


@pytest.fixture
def credited_amap(amap, curator):
    """The AMAP's address from an import, its website from the curators, in March 2026."""
    batch = ImportBatch.objects.create(
        format="gogocarto", file_name="amap.json", publisher="Réseau AMAP IdF"
    )
    record([(amap, ["places"])], origin=Origin.IMPORT, batch=batch, now=MARCH_2026)
    record([(amap, ["website"])], origin=Origin.CURATOR, user=curator, now=MARCH_2026)
    return amap


def test_the_detail_page_says_where_each_fact_comes_from(client, credited_amap):
    page = client.get(credited_amap.get_absolute_url()).content.decode()

    assert "<summary>D'où viennent ces informations ?</summary>" in page
    assert "<li>adresse : Réseau AMAP IdF, mars 2026</li>" in page
    assert "<li>site web : équipe de curation, mars 2026</li>" in page


def test_the_detail_page_in_english_translates_it(client, credited_amap):
    page = client.get("/en" + credited_amap.get_absolute_url()).content.decode()

    assert "<summary>Where does this information come from?</summary>" in page
    assert "<li>address: Réseau AMAP IdF, March 2026</li>" in page
    assert "<li>website: curation team, March 2026</li>" in page


def test_the_detail_page_reads_provenance_and_relations_in_a_query_each(
    client, credited_amap, django_assert_num_queries
):
    factories.RelationFactory(subject=credited_amap)
    # data version, initiative (with whether it has provenance or relations, its places and
    # sources), categories, provenance, similar, relations, thesaurus
    with django_assert_num_queries(7):
        page = client.get(credited_amap.get_absolute_url()).content.decode()
    assert "<li>site web : équipe de curation, mars 2026</li>" in page


def test_a_page_without_provenance_shows_no_box(client, amap):
    assert "provenance" not in client.get(amap.get_absolute_url()).content.decode()


def test_the_api_detail_gives_the_provenance(client, credited_amap):
    body = client.get(f"/api/v1/initiatives/{credited_amap.slug}/").json()

    assert body["provenance"] == [
        {
            "information": "places",
            "origine": "import",
            "credit": "Réseau AMAP IdF",
            "date": "2026-03-12",
        },
        {"information": "website", "origine": "curator", "credit": "", "date": "2026-03-12"},
    ]


def test_a_published_proposal_credits_the_public_for_what_it_gave(client, curator, geography):
    kind = factories.KindFactory()
    proposal = submit_proposal(
        ProposedInitiative(
            name="AMAP des Lilas",
            summary="Des paniers de légumes chaque mardi.",
            categories=[kind],
            proposer_name="Camille",
            proposer_email="camille@example.org",
            website="https://amap-lilas.example.org",
            commune=geography["montreuil"],
        ),
        ip_hash="x",
    )
    publish_proposals([proposal], user=curator)
    with translation.override("fr"):
        month = date_format(timezone.localtime(), "F Y")

    page = client.get(proposal.initiative.get_absolute_url()).content.decode()

    given = ("name", "summary", "website", "categories", "places")
    assert current(proposal.initiative) == dict.fromkeys(given, (Origin.PROPOSAL, None, None, None))
    assert f"<li>nom : proposition du public, {month}</li>" in page
    assert f"<li>adresse : proposition du public, {month}</li>" in page
