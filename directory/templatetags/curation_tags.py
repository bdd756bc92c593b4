"""The admin index's « À traiter » box: how many proposals, error reports and entries to
verify wait for the curators."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

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
        label = "proposition à traiter" if count <= 1 else "propositions à traiter"
        queues.append(Queue(count, label, reverse("admin:directory_proposal_changelist")))
    if user.has_perm("directory.view_errorreport"):
        count = ErrorReport.objects.open().count()
        label = "erreur signalée à traiter" if count <= 1 else "erreurs signalées à traiter"
        queues.append(Queue(count, label, reverse("admin:directory_errorreport_changelist")))
    if user.has_perm("directory.view_initiativetoverify"):
        count = Initiative.objects.published().verification_due().count()
        label = (
            "fiche publiée non vérifiée depuis un an"
            if count <= 1
            else "fiches publiées non vérifiées depuis un an"
        )
        queues.append(Queue(count, label, reverse("admin:directory_initiativetoverify_changelist")))
    return queues
