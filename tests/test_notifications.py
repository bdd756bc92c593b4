"""The e-mails about contributions (``directory.curation.notifications``): their headers, and
what becomes of a message that could not be sent (the task queue tries it again; its
transactions, its worker and its backoff: ``test_mail_queue.py``)."""

from __future__ import annotations

import logging
import time

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone

from directory.curation import notifications
from directory.models import ErrorReport, Proposal, ProposalState
from directory.public.antispam import issue_token
from tests import factories
from tests.mail import headers_of
from tests.proposals.forms import PROPOSE, THANKS, proposal_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]


# --- Headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\r\n", "\n", "\r", "\x0b", "\x1c", "\x85", "\u2028", "\t"])
def test_a_subject_with_a_line_break_is_sent_on_one_line(separator):
    """A name put in a subject may come from anywhere (the admin too): Django refuses a header
    with a line break, so every subject is made one line before it is sent."""
    notifications.deliver(
        f"Nouvelle proposition : Repair Café{separator}Bcc: x@y.fr",
        "proposal_acknowledgement",
        {"reference": 1},
        ["camille@exemple.fr"],
    )

    (message,) = mail.outbox
    assert message.subject == (
        f"[{settings.SITE_NAME}] Nouvelle proposition : Repair Café Bcc: x@y.fr"
    )
    headers = headers_of(message)
    assert headers["Subject"] == message.subject
    assert "Bcc" not in headers
    assert message.recipients() == ["camille@exemple.fr"]


# --- A message that could not be sent ----------------------------------------------------------

FAILING = "tests.mail.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP_ERROR = "SMTPException: 451 4.3.0 Essayez plus tard"
NOTIFICATIONS = "directory.curation.notifications"


@pytest.fixture
def kinds(kinds) -> dict:
    repair = factories.KindFactory(name="Repair café", slug="repair-cafe", parent=kinds["vie"])
    return kinds | {"repair": repair}


def logged(caplog) -> list[tuple[int, str]]:
    """What the notifications logged: (level, message)."""
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == NOTIFICATIONS]


def fail_for(monkeypatch, address: str) -> None:
    """Make the messages to ``address`` fail; the others go to the in-memory outbox."""
    send = EmailMessage.send

    def send_unless_to(self, *args, **kwargs):
        if address in self.to:
            raise ConnectionRefusedError("SMTP down")
        return send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send_unless_to)


def test_a_failing_mail_server_delays_both_messages_until_it_is_back(
    client, kinds, geography, settings, caplog, task_queue
):
    """The ``send_pending_notifications`` command kept the curators' notification only; the
    queue keeps both messages and the worker sends them when the server is back."""
    settings.EMAIL_BACKEND = FAILING

    response = client.post(PROPOSE, proposal_data(kinds), follow=True)

    # The visitor sees the usual confirmation; the proposal is stored with its two jobs.
    assert response.redirect_chain == [(THANKS, 302)]
    assert response.status_code == 200
    assert "Merci, votre proposition est bien arrivée" in response.content.decode()
    proposal = Proposal.objects.get()
    curators_job, acknowledgement_job = task_queue.ids()

    with caplog.at_level(logging.INFO):
        task_queue.run()

    # Each failure is logged with its job (task and proposal id), to be tried again.
    assert logged(caplog) == [
        (
            logging.WARNING,
            f"Could not send tell_curators_of_proposal[{curators_job}](proposal_id="
            f"{proposal.pk}) (attempt 1 of 12: {SMTP_ERROR}); next attempt in 60 s",
        ),
        (
            logging.WARNING,
            f"Could not send acknowledge_proposal[{acknowledgement_job}](proposal_id="
            f"{proposal.pk}) (attempt 1 of 12: {SMTP_ERROR}); next attempt in 60 s",
        ),
    ]
    assert task_queue.jobs() == [
        ("tell_curators_of_proposal", {"proposal_id": proposal.pk}, "todo", 1),
        ("acknowledge_proposal", {"proposal_id": proposal.pk}, "todo", 1),
    ]
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM
    task_queue.run()
    assert mail.outbox == []  # not yet: the next attempts are a minute away

    task_queue.make_due()
    task_queue.run()

    to_curators, to_proposer = mail.outbox
    assert to_curators.to == ["curation@example.org"]
    assert to_curators.subject == (
        f"[{settings.SITE_NAME}] Nouvelle proposition : Repair Café du Bas-Montreuil"
    )
    assert f"http://testserver/admin/directory/proposal/{proposal.pk}/change/" in to_curators.body
    assert "Camille Martin <camille@exemple.fr>" in to_curators.body
    assert to_proposer.to == ["camille@exemple.fr"]
    assert to_proposer.subject == (
        f"[{settings.SITE_NAME}] Votre proposition n° {proposal.pk} est bien arrivée"
    )
    # Sent jobs are deleted; nothing is sent twice.
    assert task_queue.jobs() == []
    task_queue.make_due()
    task_queue.run()
    assert len(mail.outbox) == 2


def test_a_failing_mail_server_delays_the_notification_of_an_error_report(
    client, settings, caplog, task_queue
):
    initiative = factories.InitiativeFactory(name="AMAP des Lilas")
    settings.EMAIL_BACKEND = FAILING
    data = {
        "message": "Les distributions ont lieu le jeudi.",
        "email": "lectrice@exemple.fr",
        "fax": "",
        "jeton": issue_token(time.time() - 20),
    }

    response = client.post(reverse("directory:report", args=[initiative.slug]), data)
    with caplog.at_level(logging.WARNING):
        task_queue.run()

    assert response.status_code == 302
    assert response.url == reverse("directory:report_thanks", args=[initiative.slug])
    report = ErrorReport.objects.get()
    (job_id,) = task_queue.ids()
    assert logged(caplog) == [
        (
            logging.WARNING,
            f"Could not send tell_curators_of_report[{job_id}](report_id={report.pk}) "
            f"(attempt 1 of 12: {SMTP_ERROR}); next attempt in 60 s",
        )
    ]
    assert task_queue.jobs() == [("tell_curators_of_report", {"report_id": report.pk}, "todo", 1)]

    settings.EMAIL_BACKEND = LOCMEM
    task_queue.make_due()
    task_queue.run()

    (message,) = mail.outbox
    assert message.subject == f"[{settings.SITE_NAME}] Erreur signalée : AMAP des Lilas"
    assert "Les distributions ont lieu le jeudi." in message.body
    assert f"http://testserver/admin/directory/errorreport/{report.pk}/change/" in message.body
    assert f"http://testserver{initiative.get_absolute_url()}" in message.body
    assert task_queue.jobs() == []


def test_the_acknowledgement_leaves_when_the_curators_notification_fails(
    client, kinds, geography, monkeypatch, caplog, task_queue
):
    fail_for(monkeypatch, "curation@example.org")

    response = client.post(PROPOSE, proposal_data(kinds))
    with caplog.at_level(logging.WARNING):
        task_queue.run()

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["camille@exemple.fr"]]
    proposal = Proposal.objects.get()
    assert task_queue.jobs() == [
        ("tell_curators_of_proposal", {"proposal_id": proposal.pk}, "todo", 1)
    ]
    ((_, message),) = logged(caplog)
    assert "(attempt 1 of 12: ConnectionRefusedError: SMTP down)" in message


def test_the_curators_notification_leaves_when_the_acknowledgement_fails(
    client, kinds, geography, monkeypatch, task_queue
):
    fail_for(monkeypatch, "camille@exemple.fr")

    response = client.post(PROPOSE, proposal_data(kinds))
    task_queue.run()

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["curation@example.org"]]
    # The acknowledgement is tried again too (it was lost before the task queue).
    proposal = Proposal.objects.get()
    assert task_queue.jobs() == [("acknowledge_proposal", {"proposal_id": proposal.pk}, "todo", 1)]


def test_without_any_curators_address_the_notification_waits_for_one(
    client, kinds, geography, settings, curator, caplog, task_queue
):
    settings.CURATION_EMAILS = []

    client.post(PROPOSE, proposal_data(kinds))
    with caplog.at_level(logging.WARNING):
        task_queue.run()

    ((_, message),) = logged(caplog)
    assert "NoRecipients: no address to send 'proposal_received' to" in message
    # The acknowledgement left, with no address to reply to.
    (acknowledgement,) = mail.outbox
    assert (acknowledgement.to, acknowledgement.reply_to) == (["camille@exemple.fr"], [])

    curator.email = "curatrice@example.org"
    curator.save()
    task_queue.make_due()
    task_queue.run()

    assert [message.to for message in mail.outbox[1:]] == [["curatrice@example.org"]]
    assert task_queue.jobs() == []


def test_a_message_that_keeps_failing_stops_after_its_attempts_and_stays_failed(
    settings, caplog, task_queue
):
    settings.EMAIL_BACKEND = FAILING
    settings.MAIL_ATTEMPTS = 3
    proposal = factories.ProposalFactory()
    notifications.tell_curators_of_proposal.defer(proposal_id=proposal.pk)
    (job_id,) = task_queue.ids()

    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            task_queue.run()
            task_queue.make_due()

    call = f"tell_curators_of_proposal[{job_id}](proposal_id={proposal.pk})"
    assert logged(caplog) == [
        (
            logging.WARNING,
            f"Could not send {call} (attempt 1 of 3: {SMTP_ERROR}); next attempt in 60 s",
        ),
        (
            logging.WARNING,
            f"Could not send {call} (attempt 2 of 3: {SMTP_ERROR}); next attempt in 120 s",
        ),
        (
            logging.ERROR,
            f"Gave up sending {call} after 3 attempts ({SMTP_ERROR}); kept as a failed job",
        ),
    ]
    # The worker logs it too, with the traceback.
    (failure,) = [r for r in caplog.records if r.name == "procrastinate.worker"]
    assert failure.levelno == logging.ERROR
    assert failure.getMessage().startswith(f"Job {call} ended with status: Error, lasted ")
    assert failure.exc_info is not None
    # Kept, failed, for the admin (no further attempt).
    assert task_queue.jobs() == [
        ("tell_curators_of_proposal", {"proposal_id": proposal.pk}, "failed", 3)
    ]
    assert mail.outbox == []


def test_a_contribution_handled_meanwhile_is_not_notified_any_more(task_queue):
    decided = factories.ProposalFactory(state=ProposalState.REJECTED, decided_at=timezone.now())
    closed = factories.ErrorReportFactory(closed_at=timezone.now())
    waiting = factories.ProposalFactory(initiative__name="Ressourcerie")
    notifications.tell_curators_of_proposal.defer(proposal_id=decided.pk)
    notifications.tell_curators_of_report.defer(report_id=closed.pk)
    notifications.tell_curators_of_proposal.defer(proposal_id=waiting.pk)
    deleted = factories.ProposalFactory()
    notifications.tell_curators_of_proposal.defer(proposal_id=deleted.pk)
    deleted.delete()

    task_queue.run()

    (message,) = mail.outbox
    assert message.subject == f"[{settings.SITE_NAME}] Nouvelle proposition : Ressourcerie"
    assert f"http://testserver/admin/directory/proposal/{waiting.pk}/change/" in message.body
    assert task_queue.jobs() == []


def test_the_acknowledgement_of_a_proposal_decided_meanwhile_is_dropped(task_queue):
    """Its decision's own message tells the person more (and a late acknowledgement would
    come after it)."""
    proposal = factories.ProposalFactory()
    notifications.acknowledge_proposal.defer(proposal_id=proposal.pk)
    proposal.state = ProposalState.ACCEPTED
    proposal.decided_at = timezone.now()
    proposal.save()

    task_queue.run()

    assert mail.outbox == []
    assert task_queue.jobs() == []


def test_a_decision_replaced_by_another_before_it_left_is_not_announced(task_queue):
    proposal = factories.ProposalFactory(proposer_email="camille@exemple.fr")
    proposal.state = ProposalState.CHANGES_REQUESTED
    notifications.proposals_decided([proposal])
    proposal.state = ProposalState.ACCEPTED
    proposal.save()
    notifications.proposals_decided([proposal])

    task_queue.run()

    (message,) = mail.outbox
    assert message.subject.endswith("» est en ligne")
    assert task_queue.jobs() == []
