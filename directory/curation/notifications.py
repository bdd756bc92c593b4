"""E-mails about contributions: to the curators when one arrives, to the person who sent it
when it arrives and when a curator decides.

No request sends one. ``proposal_received``, ``report_received`` and ``proposal_decided``
defer a job for each message into the task queue (procrastinate, in PostgreSQL), in the
transaction of the write they announce: a rolled-back proposal sends nothing, and a committed
one always has its jobs. The worker (``manage.py procrastinate worker``) runs them. Each
message is a job of its own, so that the curators' notification and the acknowledgement never
wait for, nor fail with, each other; a message that could not be sent (SMTP down, no curator
address yet) is tried again (``MailRetry``), and one that still fails after
``MAIL_ATTEMPTS`` tries is logged and stays in the admin as a failed job.

A job holds ids only, never a name or an address (``purge_personal_data`` erases those from
the contributions, not from the queue): each message is written when it is sent, from the rows
as they are then. A message that has nothing left to say is dropped: the curators' notification
of a contribution handled meanwhile, the acknowledgement of a proposal decided meanwhile, the
announcement of a decision replaced by another, any of them once its contribution is deleted.
Texts are templates under ``templates/directory/emails/``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from procrastinate import BaseRetryStrategy, RetryDecision
from procrastinate.contrib.django import app as queue
from procrastinate.jobs import Job
from procrastinate.types import JSONDict

from ..models import ErrorReport, Proposal, ProposalState
from ..site_url import absolute_url
from .roles import CURATORS, EDITORS

logger = logging.getLogger(__name__)

# Control characters (line breaks among them) and Unicode's line and paragraph separators: none
# may reach a header, which Django would refuse (or a mail reader split).
NOT_IN_A_HEADER = re.compile(r" *[\x00-\x1f\x7f-\x9f\u2028\u2029]+ *")

# The task queue's queue for e-mails (a worker can be given it alone: ``--queue mail``).
MAIL_QUEUE = "mail"


def one_line(text: str) -> str:
    """``text`` for a header: each run of control characters becomes one space."""
    return NOT_IN_A_HEADER.sub(" ", text).strip()


def curation_recipients() -> list[str]:
    """``CURATION_EMAILS``, or else the addresses of the active curators and editors."""
    if settings.CURATION_EMAILS:
        return list(settings.CURATION_EMAILS)
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name__in=[CURATORS, EDITORS])
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
    return list(users)


def reply_address(user=None) -> list[str]:
    """Where the public's replies go: the first of ``CURATION_EMAILS``, else the deciding
    curator, else any curator."""
    if settings.CURATION_EMAILS:
        return settings.CURATION_EMAILS[:1]
    if user is not None and user.email:
        return [user.email]
    return curation_recipients()[:1]


class NoRecipients(Exception):
    """No address to send a message to (for the curators: no ``CURATION_EMAILS`` and no
    curator or editor with an address)."""


def deliver(
    subject: str,
    template: str,
    context: dict,
    to: Iterable[str],
    reply_to: list[str] | None = None,
) -> None:
    """Send one plain-text message, its subject made one line; raise whatever went wrong."""
    recipients = [address for address in to if address]
    if not recipients:
        raise NoRecipients(f"no address to send {template!r} to")
    body = render_to_string(f"directory/emails/{template}.txt", context)
    message = EmailMessage(
        subject=one_line(f"[{settings.SITE_NAME}] {subject}"),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=reply_to or None,
    )
    message.send()


# --- Retries -----------------------------------------------------------------------------------


class MailRetry(BaseRetryStrategy):
    """Try a message ``MAIL_ATTEMPTS`` times in all: again ``MAIL_RETRY_SECONDS`` after the
    first failure, then after twice as long as the previous wait (exponential backoff). Each
    failure is logged with the job (its task and ids); the last one at the error level, and
    the job then stays failed in the admin, where « Retry Job » queues it again."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        failed = job.attempts + 1  # the tries made so far, the one that just failed included
        error = f"{type(exception).__name__}: {exception}"
        if failed >= settings.MAIL_ATTEMPTS:
            logger.error(
                "Gave up sending %s after %d attempts (%s); kept as a failed job",
                job.call_string,
                failed,
                error,
            )
            return None
        wait = settings.MAIL_RETRY_SECONDS * 2**job.attempts
        logger.warning(
            "Could not send %s (attempt %d of %d: %s); next attempt in %d s",
            job.call_string,
            failed,
            settings.MAIL_ATTEMPTS,
            error,
            wait,
        )
        return RetryDecision(retry_in={"seconds": wait})


MAIL_RETRY = MailRetry()


# --- What the requests defer (inside their transaction) ----------------------------------------


def proposal_received(proposal: Proposal) -> None:
    """Queue the curators' notification of a new proposal and its acknowledgement to the
    person who proposed."""
    tell_curators_of_proposal.defer(proposal_id=proposal.pk)
    acknowledge_proposal.defer(proposal_id=proposal.pk)


def report_received(report: ErrorReport) -> None:
    """Queue the curators' notification of a new error report (the person who reported gets
    no message)."""
    tell_curators_of_report.defer(report_id=report.pk)


def proposals_decided(proposals: Iterable[Proposal]) -> None:
    """Queue, for each of ``proposals`` just decided, the message telling its proposer what
    the curators decided (one query for them all)."""
    jobs: list[JSONDict] = [
        {"proposal_id": proposal.pk, "state": proposal.state} for proposal in proposals
    ]
    if jobs:
        tell_proposer_of_decision.batch_defer(*jobs)


# --- The tasks the worker runs -----------------------------------------------------------------
# Named explicitly: a job refers to its task by name, which must outlive a move of this code.


def _dropped(what: str, pk: int, why: str) -> None:
    logger.info("Not sending the %s of %s: %s", what, pk, why)


@queue.task(name="tell_curators_of_proposal", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def tell_curators_of_proposal(proposal_id: int) -> None:
    """Tell the curators of a new proposal, with a link to it in the admin."""
    proposal = Proposal.objects.select_related("initiative").filter(pk=proposal_id).first()
    if proposal is None or not proposal.is_open:
        _dropped("curators' notification of proposal", proposal_id, "deleted or decided")
        return
    initiative = proposal.initiative
    context = {
        "proposal": proposal,
        "initiative": initiative,
        "site_name": settings.SITE_NAME,
        "admin_url": absolute_url(reverse("admin:directory_proposal_change", args=[proposal.pk])),
    }
    deliver(
        f"Nouvelle proposition : {initiative.name}",
        "proposal_received",
        context,
        curation_recipients(),
    )


@queue.task(name="tell_curators_of_report", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def tell_curators_of_report(report_id: int) -> None:
    """Tell the curators of a new error report, with links to it and to the entry."""
    report = ErrorReport.objects.select_related("initiative").filter(pk=report_id).first()
    if report is None or not report.is_open:
        _dropped("curators' notification of error report", report_id, "deleted or closed")
        return
    initiative = report.initiative
    context = {
        "report": report,
        "initiative": initiative,
        "site_name": settings.SITE_NAME,
        "admin_url": absolute_url(reverse("admin:directory_errorreport_change", args=[report.pk])),
        "public_url": absolute_url(initiative.get_absolute_url()),
    }
    deliver(
        f"Erreur signalée : {initiative.name}",
        "report_received",
        context,
        curation_recipients(),
    )


@queue.task(name="acknowledge_proposal", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def acknowledge_proposal(proposal_id: int) -> None:
    """Acknowledge receipt to the person who proposed.

    The acknowledgement goes to whatever address was typed, unconfirmed: it carries the site's
    own fixed text, a reference number and links to the site, never anything the sender wrote
    (a name, an initiative's name), so that the form cannot relay a message to a stranger.
    """
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None or proposal.decided_at is not None:
        # Once decided, the decision's own message tells the person more.
        _dropped("acknowledgement of proposal", proposal_id, "deleted or decided")
        return
    if not proposal.proposer_email:
        return
    acknowledgement = {
        "reference": proposal.pk,
        "privacy_url": absolute_url(reverse("directory:privacy")),
        "home_url": absolute_url(reverse("directory:home")),
    }
    deliver(
        f"Votre proposition n° {proposal.pk} est bien arrivée",
        "proposal_acknowledgement",
        acknowledgement,
        [proposal.proposer_email],
        reply_to=reply_address(),
    )


DECISION_MESSAGES: dict[str, tuple[str, str]] = {
    ProposalState.ACCEPTED: ("est en ligne", "proposal_published"),
    ProposalState.REJECTED: ("n'a pas été retenue", "proposal_rejected"),
    ProposalState.CHANGES_REQUESTED: ("demande des précisions", "proposal_changes_requested"),
}


@queue.task(name="tell_proposer_of_decision", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def tell_proposer_of_decision(proposal_id: int, state: str) -> None:
    """Tell the person who proposed what the curators decided (``state``: published,
    rejected, or changes asked), with the curator's message."""
    proposal = (
        Proposal.objects.select_related("initiative", "decided_by").filter(pk=proposal_id).first()
    )
    if proposal is None or proposal.state != state:
        # A later decision replaced this one: its own message tells the person.
        _dropped(f"decision « {state} » of proposal", proposal_id, "deleted or decided again")
        return
    if not proposal.proposer_email:
        return
    subject_end, template = DECISION_MESSAGES[state]
    initiative = proposal.initiative
    context = {
        "proposal": proposal,
        "initiative": initiative,
        "site_name": settings.SITE_NAME,
        "public_url": absolute_url(initiative.get_absolute_url()),
        "propose_url": absolute_url(reverse("directory:propose")),
    }
    deliver(
        f"Votre proposition « {initiative.name} » {subject_end}",
        template,
        context,
        [proposal.proposer_email],
        reply_to=reply_address(proposal.decided_by),
    )
