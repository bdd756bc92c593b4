"""The interface's languages: French at the site's own paths, English under ``/en/``.

- The language comes from the URL only (``UrlLocaleMiddleware``): a path without a prefix is
  French whatever the browser asks for (no cookie, no ``Accept-Language``, no redirect), and
  ``/en/…`` is English. So a page's path says its language, and the page cache, which keys
  pages on their path (``caching.page_key``), keeps the two languages apart.
- Every public page exists in both languages, at the same path after the prefix
  (``/initiatives/<slug>/``, ``/en/initiatives/<slug>/``): ``PageLanguages`` gives the current
  page in each, for the switcher in the header, the ``hreflang`` alternates and the canonical
  link (``base.html``).
- Machine endpoints (GeoJSON, JSON, feeds, sitemaps, ``robots.txt``, ``/health/``) have one
  address, without a prefix, and say the same thing to everyone (``language_neutral``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponsePermanentRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog

from ..site_url import absolute_url, reverse_unprefixed


class UrlLocaleMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware``, for URLs that always say their language.

    With ``i18n_patterns(prefix_default_language=False)``, Django's ``process_request``
    already takes the language from the URL only: ``/en/…`` is English, and any other path
    French, the default language, whatever the cookie or ``Accept-Language`` say. But its
    ``process_response`` still adds ``Vary: Accept-Language`` to every page without a prefix,
    which would make HTTP caches keep one copy of each French page per browser language for
    nothing (its other work, redirecting a page not found to a prefixed address, is for a
    prefixed default language only). This one only says the page's language, then goes
    back to the default language, so that what the thread does next (a streamed body, the
    middleware before this one on the next request) never inherits an English page's."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response.headers.setdefault("Content-Language", translation.get_language())
        translation.deactivate()
        return response


def language_neutral(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A machine endpoint, served at its address without a language prefix only: requested
    with one (``/en/initiatives.geojson``), it redirects there for good, query string kept,
    so that there is never a second copy of the same data."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if translation.get_language_from_path(request.path_info) and request.resolver_match:
            path = reverse_unprefixed(request.resolver_match.view_name, args=args, kwargs=kwargs)
            return HttpResponsePermanentRedirect(path + _query_string(request))
        return view(request, *args, **kwargs)

    return wrapped


# The messages of the site's scripts (domain "djangojs": static/js/), in the language of the
# URL (/en/jsi18n/), as Django's gettext, ngettext and interpolate. Pages in English load it
# before their scripts (templates/directory/includes/script_messages.html); French pages need
# none, the scripts' texts being French. It changes only with a deployment.
SCRIPT_MESSAGES_MAX_AGE = 3600
javascript_catalog = require_safe(
    cache_control(public=True, max_age=SCRIPT_MESSAGES_MAX_AGE)(JavaScriptCatalog.as_view())
)


def _query_string(request: HttpRequest) -> str:
    """The request's query string as it came, with its ``?``; empty without one."""
    query = request.META.get("QUERY_STRING", "")
    return f"?{iri_to_uri(query)}" if query else ""


@dataclass(frozen=True)
class PageVersion:
    """The current page in one language: ``path`` for a link on the site (query string
    kept), ``url`` on ``SITE_URL`` for ``hreflang`` and canonical links."""

    code: str
    name: str
    path: str
    url: str


class PageLanguages:
    """The current page in each language of the interface, worked out when a template first
    asks (``base.html``): a resolver and two ``reverse()``, no query."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def versions(self) -> list[PageVersion]:
        """The page in every language, in the order of ``LANGUAGES``; empty for a page that
        has only one address (the API's documentation, outside the language prefixes)."""
        paths = self._paths()
        if not paths or len(set(paths.values())) < len(paths):
            return []
        query = _query_string(self.request)
        return [
            PageVersion(code, str(name), paths[code] + query, absolute_url(paths[code] + query))
            for code, name in settings.LANGUAGES
        ]

    def _paths(self) -> dict[str, str]:
        match = self.request.resolver_match
        if match is None:
            # Nothing answers at this address (a 404): the same path in the other language.
            path = self.request.path_info
            current = translation.get_language_from_path(path)
            if current:
                path = path.removeprefix(f"/{current}")
            return {
                code: path if code == settings.LANGUAGE_CODE else f"/{code}{path}"
                for code, _name in settings.LANGUAGES
            }
        paths = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                try:
                    paths[code] = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
                except NoReverseMatch:
                    return {}
        return paths

    @cached_property
    def current(self) -> PageVersion | None:
        """This very page, for its canonical link."""
        language = translation.get_language()
        return next((version for version in self.versions if version.code == language), None)

    @cached_property
    def others(self) -> list[PageVersion]:
        """The page in the other languages, for the switcher."""
        return [version for version in self.versions if version != self.current]

    @cached_property
    def default(self) -> PageVersion | None:
        """The page in the default language (French), for ``hreflang="x-default"``."""
        return next(
            (version for version in self.versions if version.code == settings.LANGUAGE_CODE),
            None,
        )
