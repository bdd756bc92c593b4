"""Verification: when a curator last confirmed an entry, apart from when it was last edited;
the public « Vérifié le », the listing's ``verifie`` filter and the admin's queue."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from directory.curation.verification import mark_verified
from directory.listing.filters import InitiativeFilter
from directory.models import Initiative
from tests import factories

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:directory_initiativetoverify_changelist")


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def verify_url(initiative: Initiative) -> str:
    return reverse("admin:directory_initiativetoverify_verify", args=[initiative.pk])


# --- Public pages ----------------------------------------------------------------------------


def test_detail_page_says_when_the_entry_was_verified(client, curator):
    initiative = factories.InitiativeFactory(
        verified_at=datetime.datetime(2026, 3, 14, 10, tzinfo=datetime.UTC), verified_by=curator
    )

    content = client.get(initiative.get_absolute_url()).content.decode()

    assert "<dt>Vérifié le</dt>" in content
    assert "14 mars 2026" in content
    assert "curatrice" not in content  # Who verified stays with the curators.


def test_detail_page_of_an_unverified_entry_says_nothing_about_it(client, db):
    initiative = factories.InitiativeFactory()

    assert "Vérifié le" not in client.get(initiative.get_absolute_url()).content.decode()


def test_verifying_does_not_move_the_update_date(curator):
    initiative = factories.InitiativeFactory()
    updated_at = initiative.updated_at

    mark_verified([initiative], user=curator)

    initiative.refresh_from_db()
    assert initiative.updated_at == updated_at
    assert initiative.verified_by == curator
    assert timezone.now() - initiative.verified_at < datetime.timedelta(seconds=5)


def test_verifie_filter_keeps_entries_verified_in_the_last_year(db, settings):
    settings.VERIFICATION_MAX_AGE_DAYS = 365
    recent = factories.InitiativeFactory(name="Récente", verified_at=ago(30))
    factories.InitiativeFactory(name="Ancienne", verified_at=ago(400))
    factories.InitiativeFactory(name="Jamais")

    filterset = InitiativeFilter({"verifie": "1"}, queryset=Initiative.objects.published())

    assert list(filterset.qs) == [recent]


def test_listing_offers_the_verified_filter_and_applies_it(client, db):
    factories.InitiativeFactory(name="Vérifiée cette année", verified_at=ago(10))
    factories.InitiativeFactory(name="Jamais vérifiée")

    response = client.get(reverse("directory:initiative_list"), {"verifie": "1"})

    content = response.content.decode()
    assert 'name="verifie" value="1" checked' in content
    assert "Vérifiée cette année" in content
    assert "Jamais vérifiée" not in content


def test_invalid_verifie_value_is_reported_and_ignored(client, db):
    factories.InitiativeFactory(name="Jamais vérifiée")

    response = client.get(reverse("directory:initiative_list"), {"verifie": "oui"})

    assert response.status_code == 200
    assert "verifie" in response.context["form"].errors
    assert "Jamais vérifiée" in response.content.decode()


# --- The admin's queue -----------------------------------------------------------------------


def test_queue_lists_published_entries_least_recently_verified_first(curator_client):
    factories.InitiativeFactory(name="Vérifiée hier", verified_at=ago(1))
    factories.InitiativeFactory(name="Vérifiée il y a deux ans", verified_at=ago(730))
    factories.InitiativeFactory(name="Jamais, publiée récemment", published_at=ago(3))
    factories.InitiativeFactory(name="Jamais, publiée il y a longtemps", published_at=ago(900))
    factories.DraftInitiativeFactory(name="Brouillon")

    response = curator_client.get(QUEUE)

    assert [initiative.name for initiative in response.context["cl"].result_list] == [
        "Jamais, publiée il y a longtemps",
        "Jamais, publiée récemment",
        "Vérifiée il y a deux ans",
        "Vérifiée hier",
    ]
    assert 'value="Toujours exacte"' not in response.content.decode()  # A <button>, one a row.
    assert response.content.decode().count(">Toujours exacte</button>") == 4


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("jamais", {"Jamais"}),
        ("ancienne", {"Ancienne"}),
        ("recente", {"Récente"}),
    ],
)
def test_queue_filters_by_verification_age(curator_client, value, names):
    factories.InitiativeFactory(name="Jamais")
    factories.InitiativeFactory(name="Ancienne", verified_at=ago(400))
    factories.InitiativeFactory(name="Récente", verified_at=ago(40))

    response = curator_client.get(QUEUE, {"verification": value})

    assert {initiative.name for initiative in response.context["cl"].result_list} == names


def test_queue_query_count_does_not_grow_with_entries(
    curator_client, curator, django_assert_max_num_queries
):
    """Who verified each entry is joined, not loaded row by row."""
    factories.InitiativeFactory.create_batch(3, verified_at=ago(400), verified_by=curator)
    curator_client.get(QUEUE)
    with django_assert_max_num_queries(10) as few:
        curator_client.get(QUEUE)
    factories.InitiativeFactory.create_batch(27, verified_at=ago(400), verified_by=curator)
    with django_assert_max_num_queries(len(few)):
        response = curator_client.get(QUEUE)
    assert len(response.context["cl"].result_list) == 30


def test_still_accurate_button_verifies_in_one_click(
    curator_client, curator, django_assert_max_num_queries
):
    initiative = factories.InitiativeFactory(name="La Ruche", verified_at=ago(500))
    updated_at = initiative.updated_at

    with django_assert_max_num_queries(12):
        response = curator_client.post(verify_url(initiative))

    assert response.status_code == 302
    assert response.url == QUEUE
    initiative.refresh_from_db()
    assert timezone.now() - initiative.verified_at < datetime.timedelta(seconds=5)
    assert initiative.verified_by == curator
    assert initiative.updated_at == updated_at
    version = initiative.history.first()
    assert version.history_change_reason == "Vérifiée : toujours exacte"
    assert version.history_user == curator
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["« La Ruche » : vérifiée, toujours exacte."]


def test_still_accurate_needs_a_post(curator_client):
    initiative = factories.InitiativeFactory()

    assert curator_client.get(verify_url(initiative)).status_code == 405
    initiative.refresh_from_db()
    assert initiative.verified_at is None


def test_still_accurate_needs_the_change_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("lecteur", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_initiativetoverify"))
    client.force_login(viewer)
    initiative = factories.InitiativeFactory()

    assert client.post(verify_url(initiative)).status_code == 403
    initiative.refresh_from_db()
    assert initiative.verified_at is None


def test_unpublished_entries_cannot_be_verified_from_the_queue(curator_client):
    draft = factories.DraftInitiativeFactory()

    assert curator_client.post(verify_url(draft)).status_code == 404


def test_bulk_verification_from_the_queue_and_from_the_initiatives(curator_client, curator):
    entries = factories.InitiativeFactory.create_batch(3)

    curator_client.post(
        QUEUE, {"action": "mark_verified", "_selected_action": [e.pk for e in entries[:2]]}
    )
    response = curator_client.post(
        reverse("admin:directory_initiative_changelist"),
        {"action": "mark_verified", "_selected_action": [entries[2].pk]},
        follow=True,
    )

    assert Initiative.objects.filter(verified_by=curator).count() == 3
    # The page shown after the second action tells of both.
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 fiches vérifiées : toujours exactes.",
        "1 initiative vérifiée.",
    ]


def test_queue_links_each_entry_to_its_own_form(curator_client):
    initiative = factories.InitiativeFactory()
    change = reverse("admin:directory_initiative_change", args=[initiative.pk])

    listed = curator_client.get(QUEUE).content.decode()
    redirected = curator_client.get(
        reverse("admin:directory_initiativetoverify_change", args=[initiative.pk])
    )

    assert f'href="{change}"' in listed
    assert redirected.status_code == 302 and redirected.url == change
