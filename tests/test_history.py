"""History of entries and their places (django-simple-history): what is recorded, by whom,
how the admin shows it, and reverting."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.curation.verification import mark_verified
from directory.models import Initiative, Location, Status
from tests import factories
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(kinds, geography) -> Initiative:
    initiative = factories.InitiativeFactory(
        name="La Pêche", slug="la-peche", categories=[kinds["monnaie"]]
    )
    factories.LocationFactory(
        initiative=initiative, commune=geography["montreuil"], label="Bureau", is_primary=True
    )
    return initiative


def change_url(initiative: Initiative) -> str:
    return reverse("admin:directory_initiative_change", args=[initiative.pk])


def history_url(initiative: Initiative) -> str:
    return reverse("admin:directory_initiative_history", args=[initiative.pk])


def save_in_admin(client, initiative: Initiative, **changes):
    response = client.post(
        change_url(initiative), form_data(initiative, list(initiative.locations.all()), **changes)
    )
    assert response.status_code == 302, response.context["errors"]
    return response


# --- What is recorded ------------------------------------------------------------------------


def test_historical_models_leave_out_trigger_and_generated_columns():
    fields = {field.name for field in Initiative.history.model._meta.fields}

    assert {"name", "status", "published_at", "updated_at"} <= fields
    assert not fields & {
        "search_document",
        "name_normalized",
        "category_ids",
        "departement_ids",
        "commune_ids",
        "verified_at",
        "verified_by",
    }


def test_an_admin_save_records_one_version_with_its_author_fields_and_kinds(
    curator_client, curator, entry, kinds
):
    before = entry.history.count()

    save_in_admin(
        curator_client,
        entry,
        name="La Pêche, monnaie de Montreuil",
        categories=[kinds["monnaie"].pk, kinds["microcredit"].pk],
    )

    assert entry.history.count() == before + 1
    version = entry.history.first()
    assert version.history_user == curator
    assert version.history_type == "~"
    assert version.name == "La Pêche, monnaie de Montreuil"
    assert {row.category_id for row in version.categories.all()} == {
        kinds["monnaie"].pk,
        kinds["microcredit"].pk,
    }
    delta = version.diff_against(version.prev_record)
    assert set(delta.changed_fields) == {"name", "categories"}


def test_places_changes_are_recorded_with_their_author(curator_client, curator, entry, geography):
    place = entry.locations.get()
    new_place = Location(label="Point de vente", commune=geography["paris10"])

    save_in_admin(curator_client, entry)
    place.label = "Siège"
    curator_client.post(change_url(entry), form_data(entry, [place, new_place]))

    versions = Location.history.filter(initiative_id=entry.pk).order_by("history_id")
    assert [(v.label, v.history_type) for v in versions] == [
        ("Bureau", "+"),
        ("Siège", "~"),
        ("Point de vente", "+"),
    ]
    assert versions.last().history_user == curator


def test_bulk_publish_and_archive_record_a_version_of_each_entry(curator_client, curator, kinds):
    drafts = factories.DraftInitiativeFactory.create_batch(3, categories=[kinds["monnaie"]])
    changelist = reverse("admin:directory_initiative_changelist")

    curator_client.post(
        changelist, {"action": "publish", "_selected_action": [d.pk for d in drafts]}
    )
    curator_client.post(changelist, {"action": "archive", "_selected_action": [drafts[0].pk]})

    for draft in drafts:
        published = draft.history.filter(history_change_reason="Publiée (action groupée).").get()
        assert published.history_user == curator
        assert published.status == Status.PUBLISHED
        assert published.published_at is not None
        # The version keeps the entry's kinds: a bulk change does not look like removing them.
        assert [row.category_id for row in published.categories.all()] == [kinds["monnaie"].pk]
    archived = drafts[0].history.first()
    assert archived.status == Status.ARCHIVED
    assert archived.history_change_reason == "Archivée (action groupée)."


@pytest.mark.parametrize("count", [2, 25])
def test_bulk_actions_record_history_in_a_fixed_number_of_queries(
    curator_client, kinds, count, django_assert_num_queries
):
    """Entries, their versions and the versions' kinds and sources are written in bulk, not
    entry by entry: 2 entries or 25 cost the same."""
    drafts = factories.DraftInitiativeFactory.create_batch(count, categories=[kinds["monnaie"]])

    with django_assert_num_queries(20):
        curator_client.post(
            reverse("admin:directory_initiative_changelist"),
            {"action": "publish", "_selected_action": [d.pk for d in drafts]},
        )

    assert Initiative.objects.published().count() == count


def test_verification_is_recorded_but_not_undone_by_a_revert(curator_client, curator, entry):
    old_version = entry.history.first()
    mark_verified([entry], user=curator)
    entry.refresh_from_db()
    verified_at = entry.verified_at

    version = entry.history.first()
    assert version.history_change_reason == "Vérifiée : toujours exacte"
    assert version.history_user == curator

    revert_url = reverse(
        "admin:directory_initiative_simple_history", args=[entry.pk, old_version.history_id]
    )
    curator_client.post(revert_url, form_data(entry, []))
    entry.refresh_from_db()
    assert entry.verified_at == verified_at
    assert entry.verified_by == curator


# --- Viewing and reverting -------------------------------------------------------------------


def test_history_page_lists_versions_with_author_and_changes(curator_client, entry, kinds):
    save_in_admin(curator_client, entry, name="La Pêche (monnaie locale)")

    response = curator_client.get(history_url(entry))

    content = response.content.decode()
    assert response.status_code == 200
    assert "curatrice" in content
    assert "La Pêche (monnaie locale)" in content
    assert "Historique des lieux" in content
    assert "Bureau" in content


def test_history_page_query_count_does_not_grow_with_versions(
    curator_client, entry, kinds, geography, django_assert_num_queries
):
    """Authors are joined, and the kinds and sources of the whole page are read in one query
    each (django-simple-history alone reads them version by version); the origins of the
    entry's facts, which each save records, in one more."""
    save_in_admin(curator_client, entry, name="Version 1")
    curator_client.get(history_url(entry))  # Fill the content-type cache.
    with django_assert_num_queries(13):
        curator_client.get(history_url(entry))
    for number in range(2, 10):
        save_in_admin(
            curator_client,
            entry,
            name=f"Version {number}",
            categories=[kinds["monnaie" if number % 2 else "microcredit"].pk],
        )
    with django_assert_num_queries(13):
        response = curator_client.get(history_url(entry))
    content = response.content.decode()
    assert "Finance solidaire › Micro-crédit" in content
    assert len(response.context["page_obj"].object_list) == entry.history.count() > 10


def test_reverting_restores_the_old_fields_and_kinds(curator_client, curator, entry, kinds):
    original = entry.history.first()
    save_in_admin(curator_client, entry, name="Nom erroné", categories=[kinds["microcredit"].pk])
    revert_url = reverse(
        "admin:directory_initiative_simple_history", args=[entry.pk, original.history_id]
    )

    page = curator_client.get(revert_url)

    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form.initial["name"] == "La Pêche"
    assert form.initial["categories"] == [kinds["monnaie"].pk]

    old = Initiative(
        pk=entry.pk,
        **{
            field: getattr(original, field)
            for field in ("name", "slug", "summary", "description", "legal_form", "year_founded")
            + ("scope", "principles", "website", "email", "phone", "siret", "rna", "status")
            + ("image_alt",)
        },
    )
    response = curator_client.post(
        revert_url, form_data(old, [], categories=[kinds["monnaie"].pk], sources=[])
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.name == "La Pêche"
    assert list(entry.categories.all()) == [kinds["monnaie"]]
    latest = entry.history.first()
    assert latest.history_user == curator
    assert latest.name == "La Pêche"
    assert [row.category_id for row in latest.categories.all()] == [kinds["monnaie"].pk]


def test_a_deleted_place_can_be_restored_from_its_history(admin_client, entry, geography):
    place = entry.locations.get()
    place_id = place.pk
    place.delete()
    deleted = Location.history.filter(id=place_id, history_type="-").get()
    last_state = Location.history.filter(id=place_id, history_type="+").get()

    history_page = admin_client.get(history_url(entry)).content.decode()
    assert (
        reverse("admin:directory_location_simple_history", args=[place_id, deleted.history_id])
        in history_page
    )

    revert_url = reverse(
        "admin:directory_location_simple_history", args=[place_id, last_state.history_id]
    )
    response = admin_client.post(
        revert_url,
        {
            "initiative": entry.pk,
            "label": "Bureau",
            "address": last_state.address,
            "postcode": last_state.postcode,
            "commune": geography["montreuil"].pk,
            "latitude": last_state.latitude,
            "longitude": last_state.longitude,
            "is_primary": "on",
        },
    )

    assert response.status_code == 302
    restored = Location.objects.get(pk=place_id)
    assert restored.label == "Bureau"
    assert restored.initiative == entry


def test_public_detail_still_shows_the_update_date(client, entry):
    content = client.get(entry.get_absolute_url()).content.decode()

    assert "Mis à jour le" in content
    assert timezone.localdate().strftime("%Y-%m-%d") in content


def test_history_page_shows_a_changed_other_name(curator_client, entry):
    save_in_admin(curator_client, entry, other_names="Monnaie du Bas-Montreuil")
    save_in_admin(curator_client, entry, other_names="Monnaie du Haut-Montreuil\nLa Pêche 93")

    version = entry.history.first()
    response = curator_client.get(history_url(entry))

    assert version.other_names == ["Monnaie du Haut-Montreuil", "La Pêche 93"]
    assert set(version.diff_against(version.prev_record).changed_fields) == {"other_names"}
    text = " ".join(re.sub(r"<[^>]+>|&nbsp;", " ", response.content.decode()).split())
    assert (
        "Autres noms: [Monnaie du Bas-Montreuil] &rarr; [Monnaie du Haut-Montreuil, La Pêche 93]"
    ) in text
