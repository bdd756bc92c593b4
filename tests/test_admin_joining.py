"""The initiative's admin on how to join: a curator sees exactly the fields of the entry's
kinds, validated with French errors, stored in ``join_details``."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Initiative
from tests import factories
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds_with_fields(db) -> dict:
    vie = factories.DomainFactory(name="Vie quotidienne", slug="vie-quotidienne")
    return {
        "amap": factories.KindFactory(name="AMAP", slug="amap", parent=vie),
        "creche": factories.KindFactory(
            name="Crèche parentale", slug="creche-parentale", parent=vie
        ),
        "velo": factories.KindFactory(name="Atelier vélo", slug="atelier-velo", parent=vie),
    }


def change_url(entry: Initiative) -> str:
    return reverse("admin:directory_initiative_change", args=[entry.pk])


def test_a_curator_sees_exactly_the_fields_of_the_entrys_kinds(curator_client, kinds_with_fields):
    entry = factories.InitiativeFactory(categories=[kinds_with_fields["amap"]])
    content = curator_client.get(change_url(entry)).content.decode()
    assert "AMAP : comment participer" in content
    assert 'name="rejoindre__jours_distribution"' in content
    assert 'name="rejoindre__prix_panier_max"' in content
    assert 'name="rejoindre__age_min_mois"' not in content
    assert 'name="availability"' in content
    velo = factories.InitiativeFactory(categories=[kinds_with_fields["velo"]])
    content = curator_client.get(change_url(velo)).content.decode()
    assert 'name="rejoindre__' not in content
    assert 'name="availability_on"' in content


def test_saving_stores_the_typed_fields(curator_client, kinds_with_fields):
    entry = factories.InitiativeFactory(categories=[kinds_with_fields["amap"]])
    data = form_data(
        entry,
        [],
        **{
            "rejoindre__jours_distribution": ["samedi", "mardi"],
            "rejoindre__heure_debut_distribution": "18:30",
            "rejoindre__prix_panier_min": "12,50",
            "rejoindre__prix_panier_max": "25",
            "rejoindre__lieu_distribution": "  MJC  ",
            "availability": "attente",
            "availability_on": "2026-03-02",
        },
    )
    response = curator_client.post(change_url(entry), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.join_details == {
        "jours_distribution": ["mardi", "samedi"],
        "heure_debut_distribution": "18:30",
        "lieu_distribution": "MJC",
        "prix_panier_min": 12.5,
        "prix_panier_max": 25,
    }
    assert (entry.availability, entry.availability_on) == ("attente", datetime.date(2026, 3, 2))


def test_errors_are_french_and_keep_the_entry(curator_client, kinds_with_fields):
    entry = factories.InitiativeFactory(
        categories=[kinds_with_fields["creche"]], join_details={"permanences_parents": "Oui"}
    )
    data = form_data(
        entry,
        [],
        **{
            "rejoindre__age_min_mois": "36",
            "rejoindre__age_max_mois": "3",
            "availability": "places",
        },
    )
    response = curator_client.post(change_url(entry), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {
        "rejoindre__age_max_mois": ["L'âge minimum dépasse l'âge maximum."],
        "availability_on": ["Une disponibilité va avec le jour où elle a été constatée."],
    }
    data["rejoindre__age_min_mois"] = "3"
    data["rejoindre__age_max_mois"] = "douze"
    response = curator_client.post(change_url(entry), data)
    assert response.context["adminform"].form.errors["rejoindre__age_max_mois"] == [
        "Saisissez un nombre entier."
    ]
    entry.refresh_from_db()
    assert entry.join_details == {"permanences_parents": "Oui"}


def test_choosing_a_kind_brings_its_fields_and_dropping_it_drops_them(
    curator_client, kinds_with_fields
):
    entry = factories.InitiativeFactory(
        categories=[kinds_with_fields["amap"]], join_details={"jours_distribution": ["mardi"]}
    )
    data = form_data(entry, [], categories=[kinds_with_fields["creche"].pk])
    response = curator_client.post(change_url(entry), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.join_details == {}
    content = curator_client.get(change_url(entry)).content.decode()
    assert "Crèche parentale : comment participer" in content
    assert 'name="rejoindre__age_min_mois"' in content


def test_change_form_query_count_with_join_fields(curator_client, kinds_with_fields):
    """The kinds with typed fields are read in one query per request, whatever their number
    (as tests/test_admin_initiative_form.py counts the change form)."""
    one = factories.InitiativeFactory(categories=[kinds_with_fields["amap"]])
    two = factories.InitiativeFactory(
        categories=[kinds_with_fields["amap"], kinds_with_fields["creche"]]
    )
    curator_client.get(change_url(one))  # Fill the content-type cache.
    counts = []
    for entry in (one, two):
        with CaptureQueriesContext(connection) as queries:
            assert curator_client.get(change_url(entry)).status_code == 200
        counts.append(len(queries))
        kinds_read = [q for q in queries if '"directory_category"."slug" IN' in q["sql"]]
        assert len(kinds_read) == 1
    assert counts[0] == counts[1]
