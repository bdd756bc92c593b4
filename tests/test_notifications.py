"""The e-mails about contributions (``directory.curation.notifications``): their headers, and
what becomes of a message that could not be sent."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail

from directory.curation import notifications
from tests.mail import headers_of

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
