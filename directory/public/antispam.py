"""Spam defences of the public forms, without any third-party service.

- a **honeypot**: a field hidden from people (by the stylesheet, and from assistive
  technologies) that robots fill in;
- a **minimum fill time**: the form carries the time it was displayed, signed so that it cannot
  be forged; one sent back sooner than ``CONTRIBUTION_MIN_SECONDS`` is refused, and one older
  than ``CONTRIBUTION_MAX_AGE_SECONDS`` must be sent again;
- a **rate limit** per client address, counted in the database (so that it holds across
  processes and restarts) from the fingerprints the contributions keep: see ``ip_hash``. A
  client's contributions are counted and saved one at a time (``one_at_a_time``), so that
  simultaneous requests from one address cannot all pass the count before any is saved;
- a **limit on attempts** per client address: every POST counts, valid or not, in a cache
  (django-ratelimit, atomic with ``cache.add`` and ``cache.incr``), so that posts refused
  before anything is stored cannot be sent without end.

Each display of a form also carries a **single-use key** (``envoi``, a random UUID): not a
defence, but what makes a form sent twice store once (``submission_key``).
"""

from __future__ import annotations

import datetime
import ipaddress
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from ..db.locks import lock_for_transaction
from ..models import ErrorReport, Proposal

TOKEN_SALT = "directory.antispam.token"
HONEYPOT_FIELD = "fax"
TOKEN_FIELD = "jeton"
# The form's single-use key: stored with what it sends, so that sending it again stores nothing
# (directory.curation.submissions).
SUBMISSION_FIELD = "envoi"
# The address used when the request has none that parses (a misconfigured proxy).
UNKNOWN_ADDRESS = "0.0.0.0"
RATE_WINDOW = datetime.timedelta(hours=1)


# --- Client address ----------------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str:
    """The client's IP address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` reverse
    proxies the address the outermost of them saw (read from the right of X-Forwarded-For, so
    that a client cannot choose it by sending the header itself).

    Also django-axes's ``AXES_CLIENT_IP_CALLABLE``.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return UNKNOWN_ADDRESS


def ip_hash(request: HttpRequest) -> str:
    """A keyed fingerprint of the client's address, stored instead of the address itself.

    IPv6 clients are counted by their /64 network (one household or device usually holds a
    whole one). The key is the ``SECRET_KEY``: without it the fingerprint reveals nothing.
    """
    address = ipaddress.ip_address(client_ip(request))
    key = (
        str(ipaddress.ip_network(f"{address}/64", strict=False))
        if address.version == 6
        else str(address)
    )
    return salted_hmac("directory.antispam.ip", key, algorithm="sha256").hexdigest()


# --- Rate limits -------------------------------------------------------------------------------


@contextmanager
def one_at_a_time(ip_hash: str) -> Iterator[None]:
    """A transaction during which no other request from this client address counts or saves
    a contribution: count the rate limit and save inside it (the lock on the address is held
    until it commits, then the next request's count sees what it saved).

    The request's own transaction: none is open around it but in tests, and no savepoint is
    made (nothing in it is to be rolled back on its own)."""
    with transaction.atomic(savepoint=False):
        lock_for_transaction("client-address", ip_hash)
        yield


def too_many_proposals(ip_hash: str) -> bool:
    """Whether this client address sent ``PROPOSALS_PER_HOUR`` proposals in the last hour."""
    since = timezone.now() - RATE_WINDOW
    return Proposal.objects.sent_from(ip_hash, since).count() >= settings.PROPOSALS_PER_HOUR


def too_many_reports(ip_hash: str) -> bool:
    """Whether this client address sent ``REPORTS_PER_HOUR`` error reports in the last hour."""
    since = timezone.now() - RATE_WINDOW
    return ErrorReport.objects.sent_from(ip_hash, since).count() >= settings.REPORTS_PER_HOUR


def too_many_attempts(request: HttpRequest, form: str, per_hour: int) -> bool:
    """Count this request as an attempt of its client address at ``form`` (a name: one count
    per form) and say whether it goes beyond ``per_hour`` in the current hour. Each address's
    hour starts at a fixed minute of its own (django-ratelimit staggers them)."""
    usage = get_usage(
        request,
        group=f"directory.attempts.{form}",
        key=lambda _group, request: ip_hash(request),
        rate=(per_hour, int(RATE_WINDOW.total_seconds())),
        method="POST",
        increment=True,
    )
    return bool(usage and usage["should_limit"])


# --- Single-use keys --------------------------------------------------------------------------


def submission_key(data: Mapping[str, Any]) -> uuid.UUID | None:
    """The single-use key a form was sent with; ``None`` when it has none that parses (a
    client that dropped it: what it sends is then stored as often as it is sent)."""
    try:
        return uuid.UUID(data.get(SUBMISSION_FIELD, ""))
    except ValueError:
        return None


# --- Form fields -------------------------------------------------------------------------------


def issue_token(issued_at: float | None = None) -> str:
    """A signed token recording when a form was displayed."""
    return signing.dumps(int(issued_at if issued_at is not None else time.time()), salt=TOKEN_SALT)


class SpamProtectedForm(forms.Form):
    """A form with a honeypot field and a signed display time (see the module's docstring).

    A robot's submission fails validation with a non-field error: nothing is saved, and the
    person who was merely too quick can send the form again.
    """

    fax = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    jeton = forms.CharField(widget=forms.HiddenInput, required=False)

    spam_messages = {
        "honeypot": _(
            "Votre envoi n'a pas pu être accepté. Si vous n'êtes pas un robot, "
            "écrivez-nous par courriel."
        ),
        "too_fast": _(
            "Le formulaire a été envoyé très vite après son affichage : relisez-le, "
            "puis envoyez-le à nouveau."
        ),
        "expired": _(
            "Le formulaire était ouvert depuis trop longtemps : vérifiez-le, puis "
            "envoyez-le à nouveau."
        ),
        "invalid": _("Le formulaire n'a pas pu être vérifié : envoyez-le à nouveau."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each display carries a fresh token, including a redisplay after an error: the person
        # has read the form again, robots must wait again.
        self.fields[TOKEN_FIELD].initial = issue_token()
        # And a new single-use key: a form shown again was not stored.
        self.new_submission_key = uuid.uuid4()
        self.spam_error: str | None = None

    def clean(self) -> dict:
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD):
            self.spam_error = "honeypot"
        else:
            self.spam_error = self._check_token(self.data.get(TOKEN_FIELD, ""))
        if self.spam_error:
            raise forms.ValidationError(self.spam_messages[self.spam_error], code=self.spam_error)
        return cleaned_data

    @staticmethod
    def _check_token(token: str) -> str | None:
        try:
            issued_at = signing.loads(token, salt=TOKEN_SALT)
        except signing.BadSignature:
            return "invalid"
        if not isinstance(issued_at, int):
            return "invalid"
        elapsed = time.time() - issued_at
        if elapsed < settings.CONTRIBUTION_MIN_SECONDS:
            return "too_fast"
        if elapsed > settings.CONTRIBUTION_MAX_AGE_SECONDS:
            return "expired"
        return None

    # Where the error summary links for a field, when not to its input (a group of boxes).
    error_anchors: dict[str, str] = {}

    def field_errors(self) -> list[tuple[str, str, str]]:
        """(anchor, label, first message) of each visible field in error, for the summary."""
        return [
            (self.error_anchors.get(field.name, field.id_for_label), field.label, field.errors[0])
            for field in self.visible_fields()
            if field.errors and field.name != HONEYPOT_FIELD
        ]

    def fresh_token(self) -> str:
        """The value to render in the hidden token field, bound form or not."""
        return self.fields[TOKEN_FIELD].initial
