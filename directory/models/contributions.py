"""What the public sends to the curators: proposals of initiatives and reports of errors.

Both hold personal data (a name, an e-mail address, a fingerprint of the client's address),
seen by curators only and erased ``PERSONAL_DATA_RETENTION_DAYS`` after the decision
(``manage.py purge_personal_data``).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ProposalState(models.TextChoices):
    PENDING = "pending", "En attente"
    CHANGES_REQUESTED = "changes-requested", "Modifications demandées"
    ACCEPTED = "accepted", "Publiée"
    REJECTED = "rejected", "Refusée"


# The states a curator still has to act on: the moderation queue.
OPEN_STATES = (ProposalState.PENDING, ProposalState.CHANGES_REQUESTED)


class ProposalQuerySet(models.QuerySet):
    def open(self) -> ProposalQuerySet:
        """Proposals waiting for a decision, oldest first."""
        return self.filter(state__in=OPEN_STATES).order_by("submitted_at", "pk")

    def pending(self) -> ProposalQuerySet:
        return self.filter(state=ProposalState.PENDING)

    def sent_from(self, ip_hash: str, since: datetime.datetime) -> ProposalQuerySet:
        return self.filter(ip_hash=ip_hash, submitted_at__gte=since)

    def expired(self, before: datetime.datetime) -> ProposalQuerySet:
        """Decided before ``before``, with personal data still kept."""
        return (
            self.exclude(state__in=OPEN_STATES)
            .filter(decided_at__lt=before)
            .exclude(proposer_name="", proposer_email="", ip_hash="")
        )


class Proposal(models.Model):
    """An initiative proposed by the public at ``/proposer/``, and what the curators decided.

    The proposed entry itself is an ``Initiative`` with the status « proposée », invisible to the
    public until a curator publishes it; this row keeps who sent it, for the curators only.
    """

    initiative = models.OneToOneField(
        "directory.Initiative",
        verbose_name="initiative proposée",
        on_delete=models.CASCADE,
        related_name="proposal",
    )
    proposer_name = models.CharField("nom de la personne", max_length=120, blank=True)
    proposer_email = models.EmailField("courriel de la personne", blank=True)
    ip_hash = models.CharField(
        "empreinte de l'adresse",
        max_length=64,
        blank=True,
        editable=False,
        help_text="Empreinte chiffrée de l'adresse IP, pour limiter les envois répétés.",
    )
    submitted_at = models.DateTimeField("reçue le", default=timezone.now, editable=False)
    duplicates_acknowledged = models.BooleanField(
        "envoyée malgré des fiches proches",
        default=False,
        help_text="La personne a vu des fiches au nom proche et a confirmé l'envoi.",
    )
    state = models.CharField(
        "état", max_length=20, choices=ProposalState, default=ProposalState.PENDING
    )
    decision_message = models.TextField(
        "message à la personne",
        blank=True,
        help_text="Raison d'un refus ou modifications demandées, telles qu'envoyées.",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = "proposition"
        verbose_name_plural = "propositions"
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ProposalState.values),
                name="directory_proposal_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["ip_hash", "submitted_at"], name="directory_proposal_sender"),
            models.Index(
                fields=["submitted_at"],
                condition=Q(state__in=OPEN_STATES),
                name="directory_proposal_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposition « {self.initiative.name} »"

    def get_absolute_url(self) -> str:
        # The proposed entry has no public page until it is published.
        return self.initiative.get_absolute_url()

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ErrorReportQuerySet(models.QuerySet):
    def open(self) -> ErrorReportQuerySet:
        """Reports not handled yet, oldest first."""
        return self.filter(closed_at__isnull=True).order_by("created_at", "pk")

    def sent_from(self, ip_hash: str, since: datetime.datetime) -> ErrorReportQuerySet:
        return self.filter(ip_hash=ip_hash, created_at__gte=since)


class ErrorReport(models.Model):
    """An error on a published entry, reported by a visitor from its page."""

    initiative = models.ForeignKey(
        "directory.Initiative",
        verbose_name="initiative",
        on_delete=models.CASCADE,
        related_name="error_reports",
    )
    message = models.TextField("message")
    email = models.EmailField(
        "courriel", blank=True, help_text="Facultatif : pour répondre à la personne."
    )
    ip_hash = models.CharField("empreinte de l'adresse", max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField("reçu le", default=timezone.now, editable=False)
    closed_at = models.DateTimeField("traité le", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="traité par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "signalement d'erreur"
        verbose_name_plural = "signalements d'erreur"
        indexes = [
            models.Index(fields=["ip_hash", "created_at"], name="directory_report_sender"),
            models.Index(
                fields=["created_at"],
                condition=Q(closed_at__isnull=True),
                name="directory_report_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"Signalement sur « {self.initiative.name} »"

    def get_absolute_url(self) -> str:
        return self.initiative.get_absolute_url()

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SubmittedForm(models.TextChoices):
    PROPOSAL = "proposal", "Proposition d'initiative"
    REPORT = "report", "Signalement d'erreur"


class SubmissionKeyQuerySet(models.QuerySet):
    def is_used(self, key: uuid.UUID | None) -> bool:
        """Whether a contribution was stored from the form with ``key``."""
        return key is not None and self.filter(key=key).exists()

    def received_before(self, before: datetime.datetime) -> SubmissionKeyQuerySet:
        return self.filter(received_at__lt=before)


class SubmissionKey(models.Model):
    """The single-use key of a public form whose contribution was stored (a proposal, an error
    report), in the same transaction: the same form sent again stores nothing new
    (``directory.curation.submissions``). A random UUID, nothing personal."""

    key = models.UUIDField("clé", primary_key=True, editable=False)
    form = models.CharField("formulaire", max_length=20, choices=SubmittedForm)
    received_at = models.DateTimeField("reçu le", default=timezone.now, editable=False)

    objects = SubmissionKeyQuerySet.as_manager()

    class Meta:
        ordering = ["received_at"]
        verbose_name = "clé d'envoi"
        verbose_name_plural = "clés d'envoi"
        constraints = [
            models.CheckConstraint(
                condition=Q(form__in=SubmittedForm.values),
                name="directory_submissionkey_form_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.key}"
