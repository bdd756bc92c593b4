"""E-mails about contributions: to the curators when one arrives, to the person who sent it
when it arrives and when a curator decides.

Texts are templates under ``templates/directory/emails/``. Messages leave once the current
transaction commits (at once outside one), so that a rolled-back change sends nothing; a
failure to send is logged and never undoes the contribution or the decision, nor shows the
visitor an error.

Each message is sent on its own: the curators' notification and the acknowledgement never
wait for, nor fail with, each other. A notification to the curators that could not be sent is
logged with the contribution's id and kept as a ``PendingNotification``;
``manage.py send_pending_notifications`` sends it again (see ``send_pending``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import (
    ErrorReport,
    NotificationKind,
    PendingNotification,
    Proposal,
    ProposalState,
)
from ..site_url import absolute_url
from .roles import CURATORS, EDITORS

logger = logging.getLogger(__name__)

# Control characters (line breaks among them) and Unicode's line and paragraph separators: none
# may reach a header, which Django would refuse (or a mail reader split).
NOT_IN_A_HEADER = re.compile(r" *[\x00-\x1f\x7f-\x9f\u2028\u2029]+ *")


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


def send(
    subject: str,
    template: str,
    context: dict,
    to: Iterable[str],
    reply_to: list[str] | None = None,
) -> bool:
    """Send one plain-text message; ``False`` when there was no address, ``False`` and a log
    entry when it could not be sent."""
    try:
        deliver(subject, template, context, to, reply_to)
    except NoRecipients:
        return False
    except Exception:  # SMTP errors come in many classes; none may undo the caller's work.
        logger.exception("Could not send the e-mail %r", template)
        return False
    return True


def on_commit(function: Callable[..., None]) -> Callable[..., None]:
    """Make ``function`` run when the current transaction commits."""

    @wraps(function)
    def scheduled(*args, **kwargs) -> None:
        # Robust: whatever it raises is logged, never shown to the visitor (outside a
        # transaction it runs at once, inside the view).
        transaction.on_commit(lambda: in_french(function, *args, **kwargs), robust=True)

    return scheduled


def in_french(function: Callable[..., None], *args, **kwargs) -> None:
    """Run ``function`` in French, the language of the e-mails: their links lead to the
    French pages, even when a form of the English site (under /en/) sent them."""
    with translation.override(settings.LANGUAGE_CODE):
        function(*args, **kwargs)


def site_url() -> str:
    """The site's origin (``SITE_URL``), with which the curators' links start (kept with a
    pending notification, for the command that sends it later)."""
    return absolute_url("/").rstrip("/")


# --- The curators' notifications ---------------------------------------------------------------


def _send_proposal_received(proposal: Proposal, site: str) -> None:
    initiative = proposal.initiative
    context = {
        "proposal": proposal,
        "initiative": initiative,
        "site_name": settings.SITE_NAME,
        "admin_url": site + reverse("admin:directory_proposal_change", args=[proposal.pk]),
    }
    deliver(
        f"Nouvelle proposition : {initiative.name}",
        "proposal_received",
        context,
        curation_recipients(),
    )


def _send_report_received(report: ErrorReport, site: str) -> None:
    initiative = report.initiative
    context = {
        "report": report,
        "initiative": initiative,
        "site_name": settings.SITE_NAME,
        "admin_url": site + reverse("admin:directory_errorreport_change", args=[report.pk]),
        "public_url": site + initiative.get_absolute_url(),
    }
    deliver(
        f"Erreur signalée : {initiative.name}",
        "report_received",
        context,
        curation_recipients(),
    )


def _send_to_curators(contribution: Proposal | ErrorReport, site: str) -> None:
    if isinstance(contribution, Proposal):
        _send_proposal_received(contribution, site)
    else:
        _send_report_received(contribution, site)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def tell_curators(contribution: Proposal | ErrorReport, site: str) -> bool:
    """Tell the curators of a new proposal or error report. When that fails, log it with the
    contribution's id and keep it as a ``PendingNotification``; ``False`` then."""
    is_proposal = isinstance(contribution, Proposal)
    try:
        _send_to_curators(contribution, site)
    except Exception as error:  # Whatever failed, the notification must not be lost.
        logger.exception(
            "Could not tell the curators of %s %s; kept for `manage.py send_pending_notifications`",
            "proposal" if is_proposal else "error report",
            contribution.pk,
        )
        kind = (
            NotificationKind.PROPOSAL_RECEIVED if is_proposal else NotificationKind.REPORT_RECEIVED
        )
        _keep_pending(kind, contribution, site, error)
        return False
    return True


def _keep_pending(
    kind: NotificationKind, contribution: Proposal | ErrorReport, site: str, error: BaseException
) -> None:
    is_proposal = isinstance(contribution, Proposal)
    try:
        PendingNotification.objects.update_or_create(
            proposal=contribution if is_proposal else None,
            report=None if is_proposal else contribution,
            defaults={"kind": kind, "site_url": site[:200], "last_error": _describe(error)},
        )
    except Exception:  # The database too: the log entry above is all that is left.
        logger.exception("Could not keep the pending notification of %s", contribution)


def send_pending() -> tuple[int, int, int]:
    """Send the curators' notifications that could not be sent: (sent, dropped, failed).

    A notification is deleted once sent, or dropped (deleted unsent) when its contribution was
    handled in the meantime; one that fails again stays, with its attempts and error."""
    sent = dropped = failed = 0
    ids = list(
        PendingNotification.objects.order_by("created_at", "pk").values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            # Locked while it is sent: a second run at the same time skips it.
            notification = (
                PendingNotification.objects.select_related(
                    "proposal__initiative", "report__initiative"
                )
                .select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk)
                .first()
            )
            if notification is None:
                continue
            contribution = notification.proposal or notification.report
            if contribution is None or not contribution.is_open:
                notification.delete()
                dropped += 1
                continue
            try:
                _send_to_curators(contribution, notification.site_url)
            except Exception as error:
                logger.exception(
                    "Could not send the pending notification %s (%s %s)",
                    notification.pk,
                    notification.kind,
                    contribution.pk,
                )
                notification.attempts += 1
                notification.last_attempt_at = timezone.now()
                notification.last_error = _describe(error)
                notification.save(update_fields=["attempts", "last_attempt_at", "last_error"])
                failed += 1
            else:
                notification.delete()
                sent += 1
    return sent, dropped, failed


# --- Proposals ---------------------------------------------------------------------------------


@on_commit
def proposal_received(proposal: Proposal) -> None:
    """Tell the curators, and acknowledge receipt to the person who proposed: two messages sent
    independently, a failure of one never stopping the other.

    The acknowledgement goes to whatever address was typed, unconfirmed: it carries the site's
    own fixed text, a reference number and links to the site, never anything the sender wrote
    (a name, an initiative's name), so that the form cannot relay a message to a stranger.
    """
    tell_curators(proposal, site_url())
    try:
        acknowledgement = {
            "reference": proposal.pk,
            "privacy_url": absolute_url(reverse("directory:privacy")),
            "home_url": absolute_url(reverse("directory:home")),
        }
        send(
            f"Votre proposition n° {proposal.pk} est bien arrivée",
            "proposal_acknowledgement",
            acknowledgement,
            [proposal.proposer_email],
            reply_to=reply_address(),
        )
    except Exception:
        logger.exception("Could not acknowledge proposal %s", proposal.pk)


@on_commit
def proposal_decided(proposal: Proposal) -> None:
    """Tell the person who proposed what the curators decided (published, rejected, or
    changes asked), with the curator's message."""
    templates: dict[str, tuple[str, str]] = {
        ProposalState.ACCEPTED: ("est en ligne", "proposal_published"),
        ProposalState.REJECTED: ("n'a pas été retenue", "proposal_rejected"),
        ProposalState.CHANGES_REQUESTED: ("demande des précisions", "proposal_changes_requested"),
    }
    subject_end, template = templates[proposal.state]
    initiative = proposal.initiative
    context = {
        "proposal": proposal,
        "initiative": initiative,
        "site_name": settings.SITE_NAME,
        "public_url": absolute_url(initiative.get_absolute_url()),
        "propose_url": absolute_url(reverse("directory:propose")),
    }
    send(
        f"Votre proposition « {initiative.name} » {subject_end}",
        template,
        context,
        [proposal.proposer_email],
        reply_to=reply_address(proposal.decided_by),
    )


# --- Error reports -----------------------------------------------------------------------------


@on_commit
def report_received(report: ErrorReport) -> None:
    """Tell the curators (the person who reported gets no message)."""
    tell_curators(report, site_url())
