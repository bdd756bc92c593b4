"""Moderation in the admin, the queue of proposals: what it lists, a proposal's page, the admin
index's counts of what waits, and the superuser's smoke tests of the queues."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Proposal, ProposalState
from tests import factories
from tests.proposals.queue import QUEUE, proposal, queue_names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]


# --- The queue ------------------------------------------------------------------------------------


def test_queue_lists_open_proposals_oldest_first(curator_client):
    proposal("Récente", days_ago=1)
    proposal("Ancienne", days_ago=5)
    proposal("À préciser", days_ago=3, state=ProposalState.CHANGES_REQUESTED)
    proposal("Publiée", days_ago=9, state=ProposalState.ACCEPTED)
    proposal("Refusée", days_ago=9, state=ProposalState.REJECTED)

    response = curator_client.get(QUEUE)

    assert response.status_code == 200
    assert queue_names(response) == ["Ancienne", "À préciser", "Récente"]


def test_queue_filters_by_state_and_shows_all_on_request(curator_client):
    proposal("En attente")
    proposal("Refusée", state=ProposalState.REJECTED)

    rejected = curator_client.get(QUEUE, {"etat": "rejected"})
    everything = curator_client.get(QUEUE, {"etat": "tout"})

    assert queue_names(rejected) == ["Refusée"]
    assert set(queue_names(everything)) == {"En attente", "Refusée"}


def test_queue_query_count_does_not_grow_with_proposals(
    curator_client, geography, django_assert_max_num_queries
):
    """Each row shows its commune: the places are prefetched, not loaded row by row."""
    for number in range(3):
        item = proposal(f"Proposition {number}")
        factories.LocationFactory(initiative=item.initiative, commune=geography["montreuil"])
    curator_client.get(QUEUE)
    with django_assert_max_num_queries(11) as few:
        curator_client.get(QUEUE)
    for number in range(3, 30):
        item = proposal(f"Proposition {number}")
        factories.LocationFactory(initiative=item.initiative, commune=geography["montreuil"])
    with django_assert_max_num_queries(len(few)):
        response = curator_client.get(QUEUE)
    assert len(response.context["cl"].result_list) == 30
    assert "Montreuil (93)" in response.content.decode()


def test_proposal_page_shows_the_entry_and_look_alikes_of_any_status(curator_client, geography):
    item = proposal("Repair Café du Bas-Montreuil")
    factories.LocationFactory(initiative=item.initiative, commune=geography["montreuil"])
    draft = factories.DraftInitiativeFactory(name="Repair Café Montreuil")
    factories.LocationFactory(initiative=draft, commune=geography["montreuil"])
    elsewhere = factories.InitiativeFactory(name="Repair Café Montreuil bis")
    factories.LocationFactory(initiative=elsewhere, commune=geography["paris10"])

    response = curator_client.get(reverse("admin:directory_proposal_change", args=[item.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Cette initiative est peut-être déjà dans l'annuaire" in content
    assert reverse("admin:directory_initiative_change", args=[draft.pk]) in content
    assert "(brouillon)" in content
    assert elsewhere.name not in content
    assert "Modifier la fiche proposée" in content
    assert 'value="Publier la fiche"' in content
    assert 'name="_save"' not in content


def test_proposal_page_finds_a_look_alike_by_its_other_names(
    curator_client, geography, django_assert_num_queries
):
    """Curators see an entry one of whose other names is the proposed name, in the same
    number of queries."""
    item = proposal("L'Arrondi")
    factories.LocationFactory(initiative=item.initiative, commune=geography["montreuil"])
    known = factories.DraftInitiativeFactory(name="microDON", other_names=["L'ARRONDI"])
    factories.LocationFactory(initiative=known, commune=geography["montreuil"])
    url = reverse("admin:directory_proposal_change", args=[item.pk])
    curator_client.get(url)  # Fill the content-type cache.

    with django_assert_num_queries(8):
        response = curator_client.get(url)

    content = response.content.decode()
    assert reverse("admin:directory_initiative_change", args=[known.pk]) in content
    assert "microDON</a>, aussi appelée L&#x27;ARRONDI (brouillon)" in content


def test_proposal_page_query_count_is_fixed(curator_client, geography, django_assert_num_queries):
    """The look-alikes are one query, whatever their number."""
    item = proposal("Jardin partagé")
    factories.LocationFactory(initiative=item.initiative, commune=geography["montreuil"])
    url = reverse("admin:directory_proposal_change", args=[item.pk])
    curator_client.get(url)  # Fill the content-type cache.
    with django_assert_num_queries(8):
        curator_client.get(url)
    for number in range(5):
        other = factories.InitiativeFactory(name=f"Jardin partagé {number}")
        factories.LocationFactory(initiative=other, commune=geography["montreuil"])
    with django_assert_num_queries(8):
        curator_client.get(url)


def test_proposals_cannot_be_added_or_deleted_in_admin(curator_client):
    item = proposal("Une proposition")

    assert curator_client.get(reverse("admin:directory_proposal_add")).status_code == 403
    response = curator_client.post(
        QUEUE, {"action": "delete_selected", "_selected_action": [item.pk]}
    )
    assert Proposal.objects.filter(pk=item.pk).exists()
    # No such action: back to the queue.
    assert (response.status_code, response.url) == (302, QUEUE)


# --- The admin index ------------------------------------------------------------------------------


def test_admin_index_shows_how_many_wait(curator_client, django_assert_max_num_queries):
    proposal("Une")
    proposal("Deux", state=ProposalState.CHANGES_REQUESTED)
    proposal("Décidée", state=ProposalState.ACCEPTED)
    factories.ErrorReportFactory(initiative__verified_at=timezone.now())
    factories.InitiativeFactory(name="Jamais vérifiée")

    with django_assert_max_num_queries(10):
        response = curator_client.get(reverse("admin:index"))

    content = response.content.decode()
    assert "<caption>À traiter</caption>" in content
    assert "<strong>2</strong> propositions à traiter" in content
    assert "<strong>1</strong> erreur signalée à traiter" in content
    # The proposals' entries are not published; the reported one was just verified.
    assert "<strong>1</strong> fiche publiée non vérifiée depuis un an" in content
    assert QUEUE in content


def test_admin_index_hides_the_queues_from_staff_without_access(client, django_user_model):
    staff = django_user_model.objects.create_user("sans-role", is_staff=True)
    client.force_login(staff)

    content = client.get(reverse("admin:index")).content.decode()

    assert "À traiter" not in content


# --- Superuser smoke tests ------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["proposal", "errorreport", "initiativetoverify"])
def test_superuser_queues_search_and_pages_load(admin_client, geography, model):
    item = proposal("Jardin de la Butte")
    factories.LocationFactory(initiative=item.initiative, commune=geography["montreuil"])
    report = factories.ErrorReportFactory(initiative__name="Jardin de la Butte publié")
    objects = {"proposal": item, "errorreport": report, "initiativetoverify": report.initiative}
    changelist = reverse(f"admin:directory_{model}_changelist")

    assert admin_client.get(changelist).status_code == 200
    search = admin_client.get(changelist, {"q": "butte"})
    assert search.status_code == 200
    assert search.context["cl"].result_count == 1
    page = admin_client.get(reverse(f"admin:directory_{model}_change", args=[objects[model].pk]))
    # An entry to verify opens in the initiative's own change form.
    expected = {
        "proposal": (200, None),
        "errorreport": (200, None),
        "initiativetoverify": (
            302,
            reverse("admin:directory_initiative_change", args=[report.initiative.pk]),
        ),
    }
    assert (page.status_code, getattr(page, "url", None)) == expected[model]
