"""Moderation in the admin: the queue of proposals, publishing, refusing and asking for
changes, the admin index's counts, and the whole flow from /proposer/ to the listing."""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.antispam import issue_token
from directory.models import Initiative, Proposal, Status
from directory.moderation import ProposalState
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]

QUEUE = reverse("admin:directory_proposal_changelist")


def queue_names(response) -> list[str]:
    return [proposal.initiative.name for proposal in response.context["cl"].result_list]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def proposal(name: str, days_ago: int = 0, **kwargs) -> Proposal:
    return factories.ProposalFactory(
        initiative__name=name,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


# --- The queue -------------------------------------------------------------------------------


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


# --- Decisions -------------------------------------------------------------------------------


def test_publish_action_publishes_the_entry_and_tells_the_proposer(
    curator_client, curator, django_capture_on_commit_callbacks
):
    item = proposal("Ressourcerie des Lilas")

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            QUEUE, {"action": "publish", "_selected_action": [item.pk]}, follow=True
        )

    item.refresh_from_db()
    initiative = item.initiative
    assert initiative.status == Status.PUBLISHED
    assert initiative.published_at is not None
    assert item.state == ProposalState.ACCEPTED
    assert item.decided_by == curator
    assert item.decided_at is not None
    assert "1 proposition publiée." in messages_of(response)
    (message,) = mail.outbox
    assert message.to == [item.proposer_email]
    assert "est en ligne" in message.subject
    assert f"http://testserver{initiative.get_absolute_url()}" in message.body
    version = initiative.history.first()
    assert version.history_user == curator
    assert version.history_change_reason == "Proposition publiée"
    assert version.status == Status.PUBLISHED


def test_publish_button_on_the_proposal_page_goes_back_to_the_queue(
    curator_client, django_capture_on_commit_callbacks
):
    """The page's button posts to the list's action, without the list's « index » field."""
    item = proposal("Épicerie solidaire")

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(QUEUE, {"action": "publish", "_selected_action": item.pk})

    assert response.status_code == 302
    assert response.url == QUEUE
    assert Initiative.objects.get(pk=item.initiative_id).status == Status.PUBLISHED


def test_publishing_several_proposals_costs_a_fixed_number_of_queries(
    curator_client, django_assert_max_num_queries
):
    """Entries, their versions with kinds and sources, and the proposals are written in bulk."""
    kind = factories.KindFactory()
    items = [proposal(f"Proposition {n}", initiative__categories=[kind]) for n in range(20)]

    with django_assert_max_num_queries(25):
        curator_client.post(
            QUEUE, {"action": "publish", "_selected_action": [item.pk for item in items]}
        )

    assert Initiative.objects.published().count() == 20
    for item in items[:3]:
        version = item.initiative.history.first()
        assert [row.category_id for row in version.categories.all()] == [kind.pk]


def test_reject_asks_for_a_reason_first(curator_client):
    item = proposal("Hors sujet")

    response = curator_client.post(QUEUE, {"action": "reject", "_selected_action": [item.pk]})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Refuser des propositions" in content
    assert "Hors sujet" in content
    assert 'name="message"' in content
    item.refresh_from_db()
    assert item.state == ProposalState.PENDING


def test_reject_with_a_reason_archives_the_entry_and_sends_the_reason(
    curator_client, curator, django_capture_on_commit_callbacks
):
    item = proposal("Hors sujet")
    reason = "Cette entreprise ne relève pas de l'innovation sociale au sens de l'annuaire."

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            QUEUE,
            {"action": "reject", "_selected_action": [item.pk], "post": "yes", "message": reason},
            follow=True,
        )

    item.refresh_from_db()
    assert item.state == ProposalState.REJECTED
    assert item.decision_message == reason
    assert item.initiative.status == Status.ARCHIVED
    assert "1 proposition refusée." in messages_of(response)
    (message,) = mail.outbox
    assert "n'a pas été retenue" in message.subject
    assert reason in message.body
    assert message.reply_to == ["curation@example.org"]


def test_reject_without_a_reason_changes_nothing(curator_client):
    item = proposal("Hors sujet")

    response = curator_client.post(
        QUEUE, {"action": "reject", "_selected_action": [item.pk], "post": "yes", "message": ""}
    )

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    item.refresh_from_db()
    assert item.state == ProposalState.PENDING


def test_ask_for_changes_keeps_the_proposal_in_the_queue_and_writes_to_the_proposer(
    curator_client, django_capture_on_commit_callbacks
):
    item = proposal("Jardin sans adresse")

    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(
            QUEUE,
            {
                "action": "ask_for_changes",
                "_selected_action": [item.pk],
                "post": "yes",
                "message": "Pouvez-vous nous donner l'adresse du jardin ?",
            },
        )

    item.refresh_from_db()
    assert item.state == ProposalState.CHANGES_REQUESTED
    assert item.initiative.status == Status.SUBMITTED
    assert queue_names(curator_client.get(QUEUE)) == ["Jardin sans adresse"]
    (message,) = mail.outbox
    assert "demande des précisions" in message.subject
    assert "l'adresse du jardin" in message.body


def test_decided_proposals_are_left_alone(curator_client, django_capture_on_commit_callbacks):
    item = proposal("Déjà refusée", state=ProposalState.REJECTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            QUEUE + "?etat=tout",
            {"action": "publish", "_selected_action": [item.pk]},
            follow=True,
        )

    item.refresh_from_db()
    assert item.state == ProposalState.REJECTED
    assert item.initiative.status == Status.SUBMITTED
    assert messages_of(response) == ["1 proposition déjà décidée : laissée(s) telle(s) quelle(s)."]
    assert not mail.outbox


def test_publishing_a_proposed_entry_from_the_initiatives_list_closes_its_proposal(
    curator_client, django_capture_on_commit_callbacks
):
    item = proposal("Publiée depuis la liste")

    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(
            reverse("admin:directory_initiative_changelist"),
            {"action": "publish", "_selected_action": [item.initiative_id]},
        )

    item.refresh_from_db()
    assert item.state == ProposalState.ACCEPTED
    assert [message.to for message in mail.outbox] == [[item.proposer_email]]


def test_initiative_form_links_to_its_proposal(curator_client):
    item = proposal("Avec sa proposition")

    response = curator_client.get(
        reverse("admin:directory_initiative_change", args=[item.initiative_id])
    )

    assert reverse("admin:directory_proposal_change", args=[item.pk]) in response.content.decode()


# --- The admin index -------------------------------------------------------------------------


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


# --- End to end ------------------------------------------------------------------------------


def test_proposal_goes_from_the_public_form_to_the_listing(
    client, curator, geography, django_capture_on_commit_callbacks
):
    kind = factories.KindFactory(name="Ressourcerie", slug="ressourcerie")
    data = {
        "name": "Ressourcerie de la Boissière",
        "categories": [kind.pk],
        "summary": "Une ressourcerie associative : dons, réparation et revente solidaire.",
        "commune": "Montreuil",
        "proposer_name": "Sami",
        "proposer_email": "sami@example.org",
        "consent": "on",
        "jeton": issue_token(time.time() - 60),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("directory:propose"), data).status_code == 302
    item = Proposal.objects.get()

    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(QUEUE, {"action": "publish", "_selected_action": [item.pk]})
    client.logout()

    listing = client.get(reverse("directory:initiative_list"), {"commune": "montreuil"})
    assert "Ressourcerie de la Boissière" in listing.content.decode()
    detail = client.get(item.initiative.get_absolute_url())
    assert detail.status_code == 200
    assert [message.to for message in mail.outbox] == [
        ["curation@example.org"],
        ["sami@example.org"],
        ["sami@example.org"],
    ]


# --- Superuser smoke tests -------------------------------------------------------------------


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
