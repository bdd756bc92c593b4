"""Absolute URLs of the site, on the origin of the ``SITE_URL`` setting.

Never built from the request: its Host header (any allowed host name, with any port) and its
scheme are the client's choice, and a page or an e-mail must not repeat them.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(url: str) -> str:
    """``url`` (a path, as ``reverse()``, ``get_absolute_url()`` or a file's ``.url`` give it)
    on the site's origin; a URL that already names its host is returned as it is."""
    return urljoin(settings.SITE_URL + "/", url)
