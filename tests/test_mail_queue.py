"""The e-mails go through the task queue (procrastinate on PostgreSQL): a request only defers
their jobs, in its own transaction; the worker sends them, tries a failed one again with an
exponential backoff, and gives up after ``MAIL_ATTEMPTS``, leaving the job failed and visible
in the admin. What each message says, and when one is dropped: ``test_notifications.py``."""

from __future__ import annotations

import datetime
import logging
import smtplib
import threading
import time
from collections.abc import Sequence

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from procrastinate import utils as procrastinate_utils
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.jobs import Job

from directory.curation import notifications
from directory.curation.proposals import ProposedInitiative, submit_proposal
from directory.models import ErrorReport, Initiative, Proposal
from directory.public.antispam import issue_token
from tests import factories
from tests.proposals.forms import PROPOSE, THANKS, proposal_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_curation_email")]

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
MAIL_SERVER = "tests.test_mail_queue.UnreachableMailServer"


class UnreachableMailServer(BaseEmailBackend):
    """An SMTP server that is down; it counts the connections tried."""

    connections_tried = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        type(self).connections_tried += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def smtp_down(settings, monkeypatch) -> type[UnreachableMailServer]:
    settings.EMAIL_BACKEND = MAIL_SERVER
    monkeypatch.setattr(UnreachableMailServer, "connections_tried", 0)
    return UnreachableMailServer


@pytest.fixture
def kinds(kinds) -> dict:
    repair = factories.KindFactory(name="Repair café", slug="repair-cafe", parent=kinds["vie"])
    return kinds | {"repair": repair}


def rows() -> list[tuple[str, str, dict, str, int]]:
    """The queue's jobs in PostgreSQL, oldest first: (queue, task, arguments, status,
    attempts)."""
    jobs = ProcrastinateJob.objects.order_by("id")
    return [(job.queue_name, job.task_name, job.args, job.status, job.attempts) for job in jobs]


def report_data() -> dict:
    return {
        "message": "Les distributions ont lieu le jeudi.",
        "email": "lectrice@exemple.fr",
        "fax": "",
        "jeton": issue_token(time.time() - 20),
    }


# --- The request defers, and sends nothing -----------------------------------------------------


def test_a_proposal_with_the_mail_server_down_is_accepted_and_stores_its_two_jobs(
    client, kinds, geography, smtp_down, django_assert_num_queries
):
    """The request never reaches the mail server, so that neither its slowness nor its
    failures can hold up or fail a proposal: two inserts into the queue, in the proposal's
    transaction (beside the one of its facts' provenance)."""
    with django_assert_num_queries(22):
        response = client.post(PROPOSE, proposal_data(kinds))

    assert (response.status_code, response.url) == (302, THANKS)
    assert smtp_down.connections_tried == 0
    assert mail.outbox == []
    proposal = Proposal.objects.get()
    assert rows() == [
        ("mail", "tell_curators_of_proposal", {"proposal_id": proposal.pk}, "todo", 0),
        ("mail", "acknowledge_proposal", {"proposal_id": proposal.pk}, "todo", 0),
    ]


def test_an_error_report_with_the_mail_server_down_is_accepted_and_stores_its_job(
    client, initiative, smtp_down, django_assert_num_queries
):
    with django_assert_num_queries(5):
        response = client.post(reverse("directory:report", args=[initiative.slug]), report_data())

    assert response.status_code == 302
    assert smtp_down.connections_tried == 0
    report = ErrorReport.objects.get()
    assert rows() == [("mail", "tell_curators_of_report", {"report_id": report.pk}, "todo", 0)]


def test_a_decision_defers_its_message_in_the_same_query_for_every_proposal(curator_client):
    first = factories.ProposalFactory()
    second = factories.ProposalFactory()

    curator_client.post(
        reverse("admin:directory_proposal_changelist"),
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )

    assert rows() == [
        ("mail", "tell_proposer_of_decision", {"proposal_id": pk, "state": "accepted"}, "todo", 0)
        for pk in (first.pk, second.pk)
    ]


# --- One transaction for the contribution and its jobs -----------------------------------------


class Interrupted(Exception):
    pass


def test_a_rolled_back_proposal_enqueues_nothing(kinds):
    proposed = ProposedInitiative(
        name="Repair Café",
        summary="Réparer.",
        categories=[kinds["amap"]],
        proposer_name="C",
        proposer_email="camille@exemple.fr",
    )

    with pytest.raises(Interrupted), transaction.atomic():
        submit_proposal(proposed, ip_hash="0" * 64)
        assert len(rows()) == 2  # deferred inside the transaction...
        raise Interrupted

    assert rows() == []  # ...and rolled back with it
    assert not Initiative.objects.exists()


def test_a_proposal_whose_job_cannot_be_stored_is_not_stored_either(
    client, kinds, geography, monkeypatch
):
    """No proposal without its e-mails: when the queue refuses the second job, the first job
    and the proposal go too (the visitor gets the error page)."""

    def refuse(**kwargs):
        raise Interrupted

    monkeypatch.setattr(notifications.acknowledge_proposal, "defer", refuse)

    # (In the test's transaction, a savepoint stands for the request's own transaction.)
    with pytest.raises(Interrupted), transaction.atomic():
        client.post(PROPOSE, proposal_data(kinds))

    assert rows() == []
    assert not Proposal.objects.exists()


def run_the_worker_command() -> None:
    """``manage.py procrastinate worker`` until no job is due, in a thread of its own: the
    browser tests' Playwright keeps an event loop in the main thread, where the command's
    ``asyncio.run`` would refuse to start (a thread also leaves the run's signals alone)."""
    worker = threading.Thread(
        target=call_command, args=["procrastinate", "worker", "--one-shot", "--no-listen-notify"]
    )
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_both_messages_once_when_the_mail_server_is_back(
    client, kinds, geography, smtp_down, settings
):
    """Against PostgreSQL's queue, committed, and with the worker as production runs it
    (``manage.py procrastinate worker``, here until the queue is empty)."""
    response = client.post(PROPOSE, proposal_data(kinds))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    committed = rows()
    assert [(task, status) for _, task, _, status, _ in committed] == [
        ("tell_curators_of_proposal", "todo"),
        ("acknowledge_proposal", "todo"),
    ]

    before = procrastinate_utils.utcnow()
    run_the_worker_command()
    after = procrastinate_utils.utcnow()

    # Tried once each, and due again a minute later.
    assert smtp_down.connections_tried == 2
    assert [(status, attempts) for *_, status, attempts in rows()] == [("todo", 1), ("todo", 1)]
    for job in ProcrastinateJob.objects.all():
        assert job.scheduled_at is not None
        assert before + datetime.timedelta(seconds=60) <= job.scheduled_at
        assert job.scheduled_at <= after + datetime.timedelta(seconds=60)

    settings.EMAIL_BACKEND = LOCMEM
    with connection.cursor() as cursor:  # a minute later
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
    run_the_worker_command()
    run_the_worker_command()  # nothing left to send

    assert [message.to for message in mail.outbox] == [
        ["curation@example.org"],
        ["camille@exemple.fr"],
    ]
    assert f"n° {proposal.pk}" in mail.outbox[1].subject
    assert rows() == []  # sent: deleted


# --- Retries: exponential backoff, then the limit ----------------------------------------------


def test_retries_follow_the_configured_backoff_and_stop_after_the_limit(
    initiative, smtp_down, task_queue, settings, caplog
):
    """With the default settings: 12 attempts, 1 minute after the first failure, then twice as
    long each time (the last about 34 hours after the first)."""
    assert (settings.MAIL_ATTEMPTS, settings.MAIL_RETRY_SECONDS) == (12, 60)
    report = factories.ErrorReportFactory(initiative=initiative)
    notifications.report_received(report)
    (job_id,) = task_queue.ids()
    waits = []

    while task_queue.jobs()[0][2] == "todo":
        before = procrastinate_utils.utcnow()
        task_queue.run()
        after = procrastinate_utils.utcnow()
        job = task_queue.connector.jobs[job_id]
        if job["status"] == "todo":
            scheduled = job["scheduled_at"]
            wait = round((scheduled - before).total_seconds())
            assert before + datetime.timedelta(seconds=wait) <= scheduled
            assert scheduled <= after + datetime.timedelta(seconds=wait)
            waits.append(wait)
            task_queue.run()  # not due yet: nothing happens
            assert task_queue.connector.jobs[job_id]["attempts"] == len(waits)
        task_queue.make_due()

    assert waits == [60 * 2**n for n in range(11)]
    assert sum(waits) / 3600 == pytest.approx(34.1, abs=0.1)
    assert task_queue.jobs() == [
        ("tell_curators_of_report", {"report_id": report.pk}, "failed", 12)
    ]
    assert smtp_down.connections_tried == 12
    # Given up: logged as an error, by the retry strategy and by the worker (with the traceback).
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [record.name for record in errors] == [
        "directory.curation.notifications",
        "procrastinate.worker",
    ]
    gave_up = errors[0].getMessage()
    assert gave_up == (
        f"Gave up sending tell_curators_of_report[{job_id}](report_id={report.pk}) after 12 "
        "attempts (SMTPServerDisconnected: Connection unexpectedly closed); kept as a failed job"
    )
    assert mail.outbox == []


@pytest.mark.parametrize(("attempts", "expected"), [(0, 10), (1, 20), (2, 40), (3, None)])
def test_the_retry_strategy_reads_the_settings(settings, attempts, expected):
    settings.MAIL_ATTEMPTS = 4
    settings.MAIL_RETRY_SECONDS = 10
    job = Job(id=7, queue="mail", lock=None, queueing_lock=None, task_name="t", attempts=attempts)

    before = procrastinate_utils.utcnow()
    decision = notifications.MAIL_RETRY.get_retry_decision(exception=OSError("x"), job=job)

    if expected is None:
        assert decision is None
    else:
        assert decision is not None and decision.retry_at is not None
        assert (decision.retry_at - before).total_seconds() == pytest.approx(expected, abs=1)


# --- A failed e-mail stays visible -------------------------------------------------------------


def fail_for_good(report: ErrorReport) -> int:
    """A job that used up its attempts, as the worker leaves it."""
    job_id = notifications.tell_curators_of_report.defer(report_id=report.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'failed', attempts = 12 WHERE id = %s",
            [job_id],
        )
    return job_id


def test_the_admin_index_counts_the_emails_that_could_not_be_sent(curator_client, initiative):
    jobs = reverse("admin:procrastinate_procrastinatejob_changelist")
    index = curator_client.get(reverse("admin:index")).content.decode()
    assert (
        f'<a href="{jobs}?queue_name__exact=mail&amp;status__exact=failed">'
        "<strong>0</strong> e-mail non envoyé</a>"
    ) in index

    fail_for_good(factories.ErrorReportFactory(initiative=initiative))
    fail_for_good(factories.ErrorReportFactory(initiative=initiative))
    notifications.tell_curators_of_report.defer(report_id=ErrorReport.objects.first().pk)

    index = curator_client.get(reverse("admin:index")).content.decode()
    assert "<strong>2</strong> e-mails non envoyés</a>" in index


def test_a_curator_sees_a_failed_email_and_queues_it_again(curator_client, initiative):
    report = factories.ErrorReportFactory(initiative=initiative)
    job_id = fail_for_good(report)
    jobs = reverse("admin:procrastinate_procrastinatejob_changelist")

    listing = curator_client.get(jobs, {"queue_name__exact": "mail", "status__exact": "failed"})
    assert listing.status_code == 200
    assert [job.pk for job in listing.context["cl"].result_list] == [job_id]

    curator_client.post(jobs, {"action": "retry", "_selected_action": [job_id]})

    # Due at once, for one more attempt (past MAIL_ATTEMPTS, a failure ends it again).
    assert rows() == [("mail", "tell_curators_of_report", {"report_id": report.pk}, "todo", 13)]


# --- The migration from the pending notifications ----------------------------------------------


def test_the_migration_turns_pending_notifications_into_jobs():
    """Rows of ``PendingNotification`` (migration 0014) become the jobs of their messages, in
    their order; a new database, without any, needs nothing."""
    # The proposal and the report are made by today's models, before going back: an entry of
    # 0017's schema lacks the columns later migrations add (0022's hours, 0023's how to join).
    proposal = factories.ProposalFactory()
    report = factories.ErrorReportFactory()
    with connection.cursor() as cursor:  # their checks run before the tables change
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    before = [("directory", "0017_term_related")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Pending = apps.get_model("directory", "PendingNotification")
    Pending.objects.create(kind="report-received", report_id=report.pk, site_url="https://a.fr")
    Pending.objects.create(
        kind="proposal-received", proposal_id=proposal.pk, site_url="https://a.fr"
    )
    with connection.cursor() as cursor:  # the rows' foreign keys checked before the table goes
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert rows() == [
        ("mail", "tell_curators_of_report", {"report_id": report.pk}, "todo", 0),
        ("mail", "tell_curators_of_proposal", {"proposal_id": proposal.pk}, "todo", 0),
    ]
    assert "directory_pendingnotification" not in connection.introspection.table_names()


# --- The command of the deployment -------------------------------------------------------------


def test_the_workers_healthchecks_pass(capsys):
    """What the deployment notes have the worker's host check: the database, procrastinate's
    migrations, and the app the worker runs."""
    call_command("procrastinate", "healthchecks")

    assert capsys.readouterr().out.splitlines() == [
        "Database connection: OK",
        "Migrations: OK",
        "Default Django Procrastinate App: OK",
        "Worker App: OK",
    ]
