"""E-mails about contributions: to the curators when one arrives, to the person who sent it
when it arrives and when a curator decides.

Texts are templates under ``templates/directory/emails/``. Messages leave once the current
transaction commits (at once outside one), so that a rolled-back change sends nothing; a
failure to send is logged and never undoes the contribution or the decision, which the
curators see in the admin anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import ErrorReport, Proposal, ProposalState
from ..site_url import absolute_url
from .roles import CURATORS, EDITORS

logger = logging.getLogger(__name__)


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


def send(
    subject: str,
    template: str,
    context: dict,
    to: Iterable[str],
    reply_to: list[str] | None = None,
) -> bool:
    """Send one plain-text message; ``False`` (and a log entry) when it could not be sent."""
    recipients = [address for address in to if address]
    if not recipients:
        return False
    body = render_to_string(f"directory/emails/{template}.txt", context)
    message = EmailMessage(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=reply_to or None,
    )
    try:
        message.send()
    except Exception:  # SMTP errors come in many classes; none may undo the caller's work.
        logger.exception("Could not send the e-mail %r", template)
        return False
    return True


def on_commit(function: Callable[..., None]) -> Callable[..., None]:
    """Make ``function`` run when the current transaction commits."""

    @wraps(function)
    def scheduled(*args, **kwargs) -> None:
        transaction.on_commit(lambda: function(*args, **kwargs))

    return scheduled


def _url(name: str, *args) -> str:
    """The absolute URL of a named view, on the site's origin (``SITE_URL``)."""
    return absolute_url(reverse(name, args=args))


# --- Proposals ---------------------------------------------------------------------------------


@on_commit
def proposal_received(proposal: Proposal) -> None:
    """Tell the curators, and acknowledge receipt to the person who proposed."""
    context = {
        "proposal": proposal,
        "initiative": proposal.initiative,
        "site_name": settings.SITE_NAME,
        "admin_url": _url("admin:directory_proposal_change", proposal.pk),
        "privacy_url": _url("directory:privacy"),
    }
    curators = curation_recipients()
    send(
        f"Nouvelle proposition : {proposal.initiative.name}", "proposal_received", context, curators
    )
    send(
        f"Votre proposition « {proposal.initiative.name} » est bien arrivée",
        "proposal_acknowledgement",
        context,
        [proposal.proposer_email],
        reply_to=curators[:1],
    )


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
        "propose_url": _url("directory:propose"),
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
    """Tell the curators."""
    context = {
        "report": report,
        "initiative": report.initiative,
        "site_name": settings.SITE_NAME,
        "admin_url": _url("admin:directory_errorreport_change", report.pk),
        "public_url": absolute_url(report.initiative.get_absolute_url()),
    }
    send(
        f"Erreur signalée : {report.initiative.name}",
        "report_received",
        context,
        curation_recipients(),
    )
