"""Absolute URLs of the site, on the origin of the ``SITE_URL`` setting, and the paths of its
language-neutral endpoints.

Never built from the request: its Host header (any allowed host name, with any port) and its
scheme are the client's choice, and a page or an e-mail must not repeat them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.functional import lazy


def absolute_url(url: str) -> str:
    """``url`` (a path, as ``reverse()``, ``get_absolute_url()`` or a file's ``.url`` give it)
    on the site's origin; a URL that already names its host is returned as it is."""
    return urljoin(settings.SITE_URL + "/", url)


# What ``reverse_unprefixed`` gave, by its arguments and what else ``reverse`` reads: a
# listing asks it for its exports' and its feed's addresses (five a page), and reversing each
# in the default language took 0.2 ms of a listing's cache miss. At most this many kept.
_UNPREFIXED_KEPT = 4096
_unprefixed: dict[tuple, str] = {}


def reverse_unprefixed(viewname: str, **kwargs: Any) -> str:
    """The path of a language-neutral endpoint (a feed, ``/communes.json``): the one without
    a language prefix, whichever language the current page is in."""
    key = _unprefixed_key(viewname, kwargs)
    path = None if key is None else _unprefixed.get(key)
    if path is None:
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse(viewname, **kwargs)
        if key is not None:
            if len(_unprefixed) >= _UNPREFIXED_KEPT:
                _unprefixed.clear()
            _unprefixed[key] = path
    return path


def _unprefixed_key(viewname: str, arguments: dict[str, Any]) -> tuple | None:
    """What ``reverse_unprefixed(viewname, **arguments)`` depends on, or None for arguments
    it does not keep (a URLconf, a query, values that are not hashable)."""
    if set(arguments) - {"args", "kwargs"}:
        return None
    key = (
        viewname,
        tuple(arguments.get("args") or ()),
        tuple(sorted((arguments.get("kwargs") or {}).items())),
        settings.LANGUAGE_CODE,
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
    )
    try:
        hash(key)
    except TypeError:
        return None
    return key


# The same, worked out when first used (a widget's attribute declared at import).
reverse_unprefixed_lazy = lazy(reverse_unprefixed, str)


# A listing writes twenty entries' addresses and reversing each took 3 % of its cache miss:
# the address is reversed once per language, script prefix and URLconf with a placeholder,
# then the placeholder replaced (a slug is letters, digits, hyphens and underscores, which
# reversing leaves as they are; any other is reversed).
_SLUG_PLACEHOLDER = "__slug__"
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_initiative_paths: dict[tuple, str] = {}


def initiative_path(slug: str) -> str:
    """The path of the entry whose slug is ``slug``, as ``reverse`` gives it."""
    return initiative_paths()(slug)


def initiative_paths() -> Callable[[str], str]:
    """``initiative_path`` for the current language, script prefix and URLconf, which a page
    of cards asks once for all of them."""
    key = (translation.get_language(), get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    template = _initiative_paths.get(key)
    if template is None:
        template = reverse("directory:initiative", kwargs={"slug": _SLUG_PLACEHOLDER})
        _initiative_paths[key] = template

    def path(slug: str) -> str:
        if not _PLAIN_SLUG.fullmatch(slug):
            return reverse("directory:initiative", kwargs={"slug": slug})
        return template.replace(_SLUG_PLACEHOLDER, slug)

    return path
