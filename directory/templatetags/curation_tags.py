"""The admin index's « À traiter » box: how many proposals, error reports and entries to
verify wait for the curators, and how many e-mails the task queue gave up sending."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import ngettext
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.jobs import Status

from ..curation.notifications import MAIL_QUEUE
from ..models import ErrorReport, Initiative, Proposal

register = template.Library()


@dataclass(frozen=True)
class Queue:
    count: int
    label: str
    url: str


@register.simple_tag(takes_context=True)
def curation_queues(context) -> list[Queue]:
    """The queues the user may see, each with its count (one query each)."""
    user = context["request"].user
    queues = []
    if user.has_perm("directory.view_proposal"):
        count = Proposal.objects.open().count()
        label = ngettext("proposition à traiter", "propositions à traiter", count)
        queues.append(Queue(count, label, reverse("admin:directory_proposal_changelist")))
    if user.has_perm("directory.view_errorreport"):
        count = ErrorReport.objects.open().count()
        label = ngettext("erreur signalée à traiter", "erreurs signalées à traiter", count)
        queues.append(Queue(count, label, reverse("admin:directory_errorreport_changelist")))
    if user.has_perm("directory.view_initiativetoverify"):
        count = Initiative.objects.published().verification_due().count()
        label = ngettext(
            "fiche publiée non vérifiée depuis un an",
            "fiches publiées non vérifiées depuis un an",
            count,
        )
        queues.append(Queue(count, label, reverse("admin:directory_initiativetoverify_changelist")))
    if user.has_perm("procrastinate.view_procrastinatejob"):
        # Tried MAIL_ATTEMPTS times: the admin's « Retry Job » queues one again.
        failed = {"queue_name": MAIL_QUEUE, "status": Status.FAILED.value}
        count = ProcrastinateJob.objects.filter(**failed).count()
        label = ngettext("e-mail non envoyé", "e-mails non envoyés", count)
        url = reverse("admin:procrastinate_procrastinatejob_changelist")
        query = "&".join(f"{name}__exact={value}" for name, value in failed.items())
        queues.append(Queue(count, label, f"{url}?{query}"))
    return queues
