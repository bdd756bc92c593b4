"""The curators' admin, the initiatives' list: its columns and query count, its search and
filters, and the bulk actions."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import Initiative, Status
from tests import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:directory_initiative_changelist")


def result_names(response) -> set[str]:
    return {initiative.name for initiative in response.context["cl"].result_list}


def make_initiatives(count: int, geography: dict, kinds: list) -> list[Initiative]:
    """Initiatives with two kinds and two places each, as a changelist page would show."""
    initiatives = factories.InitiativeFactory.create_batch(count, categories=kinds)
    for initiative in initiatives:
        factories.LocationFactory(
            initiative=initiative, commune=geography["montreuil"], is_primary=True
        )
        factories.LocationFactory(initiative=initiative, commune=geography["paris10"])
    return initiatives


# --- Changelist -----------------------------------------------------------------------------------


def test_initiative_changelist_query_count_does_not_grow_with_rows(
    curator_client, geography, kinds
):
    """Kinds and the primary commune are prefetched: 30 rows cost the same queries as 3 (no
    N+1 on categories, locations or communes)."""
    two_kinds = [kinds["monnaie"], kinds["amap"]]
    make_initiatives(3, geography, two_kinds)
    with CaptureQueriesContext(connection) as few:
        response = curator_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 3

    make_initiatives(27, geography, two_kinds)
    with CaptureQueriesContext(connection) as many:
        response = curator_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 30
    assert len(many) == len(few)
    assert len(many) <= 12


def test_initiative_changelist_shows_kinds_and_primary_commune(curator_client, geography, kinds):
    make_initiatives(1, geography, [kinds["monnaie"], kinds["amap"]])

    content = curator_client.get(CHANGELIST).content.decode()

    assert "Monnaie locale, AMAP" in content  # in the order they were given
    assert "Montreuil (93)" in content


def test_changelist_search_finds_initiative_by_name_ignoring_accents(curator_client):
    factories.InitiativeFactory(name="Crèche parentale des Lilas")
    factories.InitiativeFactory(name="Garage solidaire")

    response = curator_client.get(CHANGELIST, {"q": "creche"})

    assert result_names(response) == {"Crèche parentale des Lilas"}


def test_changelist_search_finds_initiative_by_rna_and_siren(curator_client):
    factories.InitiativeFactory(name="Voisin Malin", rna="W751212517", siret="73282932000074")
    factories.InitiativeFactory(name="La Ruche")

    assert result_names(curator_client.get(CHANGELIST, {"q": "W751212517"})) == {"Voisin Malin"}
    assert result_names(curator_client.get(CHANGELIST, {"q": "732829320"})) == {"Voisin Malin"}


def test_status_filter_lists_only_that_status(curator_client):
    factories.InitiativeFactory(name="Publiée")
    factories.DraftInitiativeFactory(name="Brouillon")

    response = curator_client.get(CHANGELIST, {"status__exact": "draft"})

    assert result_names(response) == {"Brouillon"}


def test_category_filter_on_a_domain_includes_its_kinds(curator_client, kinds):
    factories.InitiativeFactory(name="Monnaie de Montreuil", categories=[kinds["monnaie"]])
    factories.InitiativeFactory(name="Micro-prêts", categories=[kinds["microcredit"]])
    factories.InitiativeFactory(name="AMAP des Lilas", categories=[kinds["amap"]])

    domain = curator_client.get(CHANGELIST, {"categorie": "finance-solidaire"})
    kind = curator_client.get(CHANGELIST, {"categorie": "monnaie-locale"})

    assert result_names(domain) == {"Monnaie de Montreuil", "Micro-prêts"}
    assert result_names(kind) == {"Monnaie de Montreuil"}


def test_category_filter_lists_domains_followed_by_their_kinds(curator_client, kinds):
    response = curator_client.get(CHANGELIST)

    specs = response.context["cl"].filter_specs
    spec = next(s for s in specs if getattr(s, "parameter_name", "") == "categorie")
    assert [slug for slug, _ in spec.lookup_choices] == [
        "finance-solidaire",
        "monnaie-locale",
        "micro-credit",
        "vie-quotidienne",
        "amap",
    ]


def test_departement_filter_lists_initiatives_with_a_place_there(curator_client, geography):
    in_montreuil = factories.LocationFactory(commune=geography["montreuil"]).initiative
    in_paris = factories.LocationFactory(commune=geography["paris10"]).initiative
    factories.InitiativeFactory(name="En ligne")

    assert result_names(curator_client.get(CHANGELIST, {"departement": "93"})) == {
        in_montreuil.name
    }
    assert result_names(curator_client.get(CHANGELIST, {"departement": "75"})) == {in_paris.name}


def test_legal_form_and_scope_filters(curator_client):
    factories.InitiativeFactory(name="Coopérative", legal_form="scop", scope="region")
    factories.InitiativeFactory(name="Association")

    assert result_names(curator_client.get(CHANGELIST, {"legal_form__exact": "scop"})) == {
        "Coopérative"
    }
    assert result_names(curator_client.get(CHANGELIST, {"scope__exact": "region"})) == {
        "Coopérative"
    }


@pytest.mark.parametrize("params", [{"categorie": "inconnue"}, {"departement": "<script>"}])
def test_unknown_filter_values_give_an_empty_list_not_an_error(curator_client, params, kinds):
    factories.LocationFactory()

    response = curator_client.get(CHANGELIST, params)

    assert response.status_code == 200
    assert result_names(response) == set()


# --- Bulk actions ---------------------------------------------------------------------------------


def test_publish_action_publishes_and_keeps_the_first_publication_date(curator_client, curator):
    first_published = timezone.now() - datetime.timedelta(days=30)
    draft = factories.DraftInitiativeFactory()
    archived = factories.InitiativeFactory(status=Status.ARCHIVED, published_at=first_published)

    response = curator_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [draft.pk, archived.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    archived.refresh_from_db()
    assert draft.status == archived.status == Status.PUBLISHED
    assert draft.published_at is not None
    assert archived.published_at == first_published
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 initiatives publiées."]
    assert LogEntry.objects.filter(user=curator, object_id=str(draft.pk)).exists()


def test_archive_action_archives_and_keeps_published_at(curator_client):
    published = factories.InitiativeFactory()

    response = curator_client.post(
        CHANGELIST, {"action": "archive", "_selected_action": [published.pk]}, follow=True
    )

    archived = Initiative.objects.get(pk=published.pk)
    assert archived.status == Status.ARCHIVED
    assert archived.published_at == published.published_at
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 initiative archivée."]


def test_publish_action_on_published_entries_changes_nothing(curator_client):
    published = factories.InitiativeFactory()

    response = curator_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [published.pk]}, follow=True
    )

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Aucune initiative modifiée : celles sélectionnées étaient déjà publiées."]
    assert Initiative.objects.get(pk=published.pk).updated_at == published.updated_at


def test_changelist_search_finds_initiative_by_an_other_name_ignoring_accents(curator_client):
    factories.InitiativeFactory(name="Les Petits Pas", other_names=["Crèche des Écureuils"])
    factories.InitiativeFactory(name="Garage solidaire")

    response = curator_client.get(CHANGELIST, {"q": "ecureuils"})

    assert result_names(response) == {"Les Petits Pas"}
