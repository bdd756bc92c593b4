"""Sharing an initiative's page: the « Partager par courriel » link.

A ``mailto:`` URL (RFC 6068) without a recipient: the visitor's mail program opens a message
whose subject is the entry's name and whose body is its summary and its address on
``SITE_URL``. Every character outside the unreserved set is percent-encoded as UTF-8, so that an
``&``, ``=``, ``?``, ``#`` or ``+`` of a name can neither end a field nor change one (and a space
is ``%20``, never ``+``, which mail programs do not read as a space); the body's line breaks are
CRLF (``%0D%0A``), as the RFC asks, and the subject, a header, has none.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..models import Initiative
from ..site_url import absolute_url

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def mailto(subject: str, body: str) -> str:
    """A ``mailto:`` URL to no one in particular with ``subject`` and ``body``."""
    subject = " ".join(subject.split())
    body = LINE_BREAK.sub("\r\n", body)
    return f"mailto:?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def email_share_url(initiative: Initiative) -> str:
    """The ``mailto:`` URL that shares ``initiative``'s page: its name, its summary, its
    address."""
    page = absolute_url(initiative.get_absolute_url())
    return mailto(initiative.name, f"{initiative.summary}\r\n\r\n{page}")
