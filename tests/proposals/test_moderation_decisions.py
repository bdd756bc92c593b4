"""Moderation in the admin, the decisions: publishing, refusing and asking for changes, with
their e-mails, and the whole flow from /proposer/ to the listing."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import Initiative, Proposal, ProposalState, Status
from directory.public.antispam import issue_token
from tests import factories
from tests.proposals.queue import QUEUE, messages_of, proposal, queue_names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]


# --- Decisions ------------------------------------------------------------------------------------


def test_publish_action_publishes_the_entry_and_tells_the_proposer(
    curator_client, curator, task_queue
):
    item = proposal("Ressourcerie des Lilas")

    response = curator_client.post(
        QUEUE, {"action": "publish", "_selected_action": [item.pk]}, follow=True
    )
    task_queue.run()

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


def test_publish_button_on_the_proposal_page_goes_back_to_the_queue(curator_client, task_queue):
    """The page's button posts to the list's action, without the list's « index » field."""
    item = proposal("Épicerie solidaire")

    response = curator_client.post(QUEUE, {"action": "publish", "_selected_action": item.pk})
    task_queue.run()

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
    curator_client, curator, task_queue
):
    item = proposal("Hors sujet")
    reason = "Cette entreprise ne relève pas de l'innovation sociale au sens de l'annuaire."

    response = curator_client.post(
        QUEUE,
        {"action": "reject", "_selected_action": [item.pk], "post": "yes", "message": reason},
        follow=True,
    )
    task_queue.run()

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
    curator_client, task_queue
):
    item = proposal("Jardin sans adresse")

    curator_client.post(
        QUEUE,
        {
            "action": "ask_for_changes",
            "_selected_action": [item.pk],
            "post": "yes",
            "message": "Pouvez-vous nous donner l'adresse du jardin ?",
        },
    )
    task_queue.run()

    item.refresh_from_db()
    assert item.state == ProposalState.CHANGES_REQUESTED
    assert item.initiative.status == Status.SUBMITTED
    assert queue_names(curator_client.get(QUEUE)) == ["Jardin sans adresse"]
    (message,) = mail.outbox
    assert "demande des précisions" in message.subject
    assert "l'adresse du jardin" in message.body


def test_decided_proposals_are_left_alone(curator_client, task_queue):
    item = proposal("Déjà refusée", state=ProposalState.REJECTED)

    response = curator_client.post(
        QUEUE + "?etat=tout",
        {"action": "publish", "_selected_action": [item.pk]},
        follow=True,
    )
    task_queue.run()

    item.refresh_from_db()
    assert item.state == ProposalState.REJECTED
    assert item.initiative.status == Status.SUBMITTED
    assert messages_of(response) == ["1 proposition déjà décidée : laissée telle quelle."]
    assert not mail.outbox


def test_publishing_a_proposed_entry_from_the_initiatives_list_closes_its_proposal(
    curator_client, task_queue
):
    item = proposal("Publiée depuis la liste")

    curator_client.post(
        reverse("admin:directory_initiative_changelist"),
        {"action": "publish", "_selected_action": [item.initiative_id]},
    )
    task_queue.run()

    item.refresh_from_db()
    assert item.state == ProposalState.ACCEPTED
    assert [message.to for message in mail.outbox] == [[item.proposer_email]]


def test_initiative_form_links_to_its_proposal(curator_client):
    item = proposal("Avec sa proposition")

    response = curator_client.get(
        reverse("admin:directory_initiative_change", args=[item.initiative_id])
    )

    assert reverse("admin:directory_proposal_change", args=[item.pk]) in response.content.decode()


# --- End to end -----------------------------------------------------------------------------------


def test_proposal_goes_from_the_public_form_to_the_listing(client, curator, geography, task_queue):
    kind = factories.KindFactory(name="Ressourcerie", slug="ressourcerie")
    data = {
        "name": "Ressourcerie de la Boissière",
        "categories": [kind.pk],
        "summary": "Une ressourcerie associative : dons, réparation et revente solidaire.",
        "commune": "Montreuil",
        "proposer_name": "Sami",
        "proposer_email": "sami@exemple.fr",
        "consent": "on",
        "jeton": issue_token(time.time() - 60),
    }
    assert client.post(reverse("directory:propose"), data).status_code == 302
    task_queue.run()
    item = Proposal.objects.get()

    client.force_login(curator)
    client.post(QUEUE, {"action": "publish", "_selected_action": [item.pk]})
    task_queue.run()
    client.logout()

    listing = client.get(reverse("directory:initiative_list"), {"commune": "montreuil"})
    assert "Ressourcerie de la Boissière" in listing.content.decode()
    detail = client.get(item.initiative.get_absolute_url())
    assert detail.status_code == 200
    assert [message.to for message in mail.outbox] == [
        ["curation@example.org"],
        ["sami@exemple.fr"],
        ["sami@exemple.fr"],
    ]
