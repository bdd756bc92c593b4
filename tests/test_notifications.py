"""The e-mails about contributions (``directory.curation.notifications``): their headers, and
what becomes of a message that could not be sent."""

from __future__ import annotations

import datetime
import logging
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from directory.curation import notifications
from directory.models import (
    ErrorReport,
    NotificationKind,
    PendingNotification,
    Proposal,
    ProposalState,
)
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
    sent = notifications.send(
        f"Nouvelle proposition : Repair Café{separator}Bcc: x@y.fr",
        "proposal_acknowledgement",
        {"reference": 1},
        ["camille@exemple.fr"],
    )

    assert sent is True
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


@pytest.fixture
def kinds(kinds) -> dict:
    repair = factories.KindFactory(name="Repair café", slug="repair-cafe", parent=kinds["vie"])
    return kinds | {"repair": repair}


def send_pending_notifications() -> str:
    out = StringIO()
    call_command("send_pending_notifications", stdout=out)
    return out.getvalue()


def fail_for(monkeypatch, address: str) -> None:
    """Make the messages to ``address`` fail; the others go to the in-memory outbox."""
    send = EmailMessage.send

    def send_unless_to(self, *args, **kwargs):
        if address in self.to:
            raise ConnectionRefusedError("SMTP down")
        return send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send_unless_to)


def test_a_failing_mail_server_keeps_the_curators_notification_until_the_command_sends_it(
    client, kinds, geography, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, proposal_data(kinds), follow=True)

    # The visitor sees the usual confirmation; the proposal is stored.
    assert response.redirect_chain == [(THANKS, 302)]
    assert response.status_code == 200
    assert "Merci, votre proposition est bien arrivée" in response.content.decode()
    proposal = Proposal.objects.get()
    # The failure is logged with the proposal's id, and kept.
    assert (
        f"Could not tell the curators of proposal {proposal.pk}; kept for `manage.py "
        "send_pending_notifications`"
    ) in caplog.messages
    pending = PendingNotification.objects.get()
    assert (pending.kind, pending.proposal, pending.report) == (
        NotificationKind.PROPOSAL_RECEIVED,
        proposal,
        None,
    )
    assert (pending.site_url, pending.attempts, pending.last_error) == (
        "http://testserver",
        1,
        SMTP_ERROR,
    )
    assert mail.outbox == []

    settings.EMAIL_BACKEND = LOCMEM
    output = send_pending_notifications()

    (message,) = mail.outbox
    assert message.to == ["curation@example.org"]
    assert message.subject == (
        f"[{settings.SITE_NAME}] Nouvelle proposition : Repair Café du Bas-Montreuil"
    )
    assert f"http://testserver/admin/directory/proposal/{proposal.pk}/change/" in message.body
    assert "Camille Martin <camille@exemple.fr>" in message.body
    assert not PendingNotification.objects.exists()
    assert output == (
        "Notifications aux curateurs : 1 envoyée(s), 0 abandonnée(s) (contribution déjà "
        "traitée), 0 toujours en échec.\n"
    )


def test_a_failing_mail_server_keeps_the_notification_of_an_error_report(
    client, settings, caplog, django_capture_on_commit_callbacks
):
    initiative = factories.InitiativeFactory(name="AMAP des Lilas")
    settings.EMAIL_BACKEND = FAILING
    data = {
        "message": "Les distributions ont lieu le jeudi.",
        "email": "lectrice@exemple.fr",
        "fax": "",
        "jeton": issue_token(time.time() - 20),
    }

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directory:report", args=[initiative.slug]), data)

    assert response.status_code == 302
    assert response.url == reverse("directory:report_thanks", args=[initiative.slug])
    report = ErrorReport.objects.get()
    assert f"Could not tell the curators of error report {report.pk}" in caplog.text
    pending = PendingNotification.objects.get()
    assert (pending.kind, pending.proposal, pending.report, pending.last_error) == (
        NotificationKind.REPORT_RECEIVED,
        None,
        report,
        SMTP_ERROR,
    )

    settings.EMAIL_BACKEND = LOCMEM
    send_pending_notifications()

    (message,) = mail.outbox
    assert message.subject == f"[{settings.SITE_NAME}] Erreur signalée : AMAP des Lilas"
    assert "Les distributions ont lieu le jeudi." in message.body
    assert f"http://testserver/admin/directory/errorreport/{report.pk}/change/" in message.body
    assert f"http://testserver{initiative.get_absolute_url()}" in message.body
    assert not PendingNotification.objects.exists()


def test_the_acknowledgement_leaves_when_the_curators_notification_fails(
    client, kinds, geography, monkeypatch, django_capture_on_commit_callbacks
):
    fail_for(monkeypatch, "curation@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, proposal_data(kinds))

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["camille@exemple.fr"]]
    pending = PendingNotification.objects.get()
    assert (pending.proposal, pending.last_error) == (
        Proposal.objects.get(),
        "ConnectionRefusedError: SMTP down",
    )


def test_the_curators_notification_leaves_when_the_acknowledgement_fails(
    client, kinds, geography, monkeypatch, django_capture_on_commit_callbacks
):
    fail_for(monkeypatch, "camille@exemple.fr")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PROPOSE, proposal_data(kinds))

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["curation@example.org"]]
    # Only the curators' notifications are kept for later.
    assert not PendingNotification.objects.exists()


def test_without_any_curators_address_the_notification_waits_for_one(
    client, kinds, geography, settings, curator, django_capture_on_commit_callbacks
):
    settings.CURATION_EMAILS = []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROPOSE, proposal_data(kinds))

    pending = PendingNotification.objects.get()
    assert pending.last_error == "NoRecipients: no address to send 'proposal_received' to"
    # The acknowledgement left, with no address to reply to.
    (acknowledgement,) = mail.outbox
    assert (acknowledgement.to, acknowledgement.reply_to) == (["camille@exemple.fr"], [])

    curator.email = "curatrice@example.org"
    curator.save()
    send_pending_notifications()

    assert [message.to for message in mail.outbox[1:]] == [["curatrice@example.org"]]
    assert not PendingNotification.objects.exists()


def pending_for(proposal: Proposal, **fields) -> PendingNotification:
    return PendingNotification.objects.create(
        kind=NotificationKind.PROPOSAL_RECEIVED,
        proposal=proposal,
        site_url="https://annuaire.exemple.fr",
        last_error=SMTP_ERROR,
        **fields,
    )


def test_a_notification_that_fails_again_stays_with_its_attempts(settings):
    settings.EMAIL_BACKEND = FAILING
    first_attempt = timezone.now() - datetime.timedelta(hours=1)
    pending = pending_for(factories.ProposalFactory(), last_attempt_at=first_attempt)
    out = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("send_pending_notifications", stdout=out)

    assert str(raised.value) == (
        "1 notification(s) n'ont pas pu être envoyées : elles restent en attente (voir le "
        "journal pour l'erreur)."
    )
    assert out.getvalue() == (
        "Notifications aux curateurs : 0 envoyée(s), 0 abandonnée(s) (contribution déjà "
        "traitée), 1 toujours en échec.\n"
    )
    pending.refresh_from_db()
    assert (pending.attempts, pending.last_error) == (2, SMTP_ERROR)
    assert pending.last_attempt_at > first_attempt


def test_a_contribution_handled_meanwhile_is_not_notified_any_more():
    decided = factories.ProposalFactory(state=ProposalState.REJECTED, decided_at=timezone.now())
    closed = factories.ErrorReportFactory(closed_at=timezone.now())
    waiting = factories.ProposalFactory(initiative__name="Ressourcerie")
    pending_for(decided)
    PendingNotification.objects.create(
        kind=NotificationKind.REPORT_RECEIVED, report=closed, site_url="https://a.fr"
    )
    pending_for(waiting)

    output = send_pending_notifications()

    assert output == (
        "Notifications aux curateurs : 1 envoyée(s), 2 abandonnée(s) (contribution déjà "
        "traitée), 0 toujours en échec.\n"
    )
    (message,) = mail.outbox
    assert message.subject == f"[{settings.SITE_NAME}] Nouvelle proposition : Ressourcerie"
    assert (
        f"https://annuaire.exemple.fr/admin/directory/proposal/{waiting.pk}/change/" in message.body
    )
    assert not PendingNotification.objects.exists()
