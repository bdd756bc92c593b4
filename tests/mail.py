"""Reading the e-mails the tests send, as a mail reader would."""

from __future__ import annotations

import email
import email.policy
import smtplib
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


def headers_of(message: EmailMessage) -> dict[str, str]:
    """The headers of ``message`` parsed from the bytes sent, unfolded and decoded (Python may
    fold a long encoded subject right after its name)."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    return {name: str(value).strip() for name, value in parsed.items()}


class FailingBackend(BaseEmailBackend):
    """An SMTP server that answers every message with a temporary failure."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPException("451 4.3.0 Essayez plus tard")
