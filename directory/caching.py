"""Caching of public pages, keyed by the version of the public data.

Database triggers bump ``directory_data_version`` on every write that can change a public
page (migration 0008). Each public request reads that version (one cheap query), and:

- answers ``304 Not Modified`` when the browser's ``If-None-Match`` holds the page's ETag;
- otherwise serves the page from the cache, or renders and stores it.

An edit or a publication therefore shows at once on every page and in every server process,
with no invalidation to orchestrate. Visitors with a session (curators) bypass the cache.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags

CACHE_PREFIX = "directory:page:"


# The data version of the public request being served, if any.
_current_version: ContextVar[int | None] = ContextVar("directory_data_version", default=None)


def data_version() -> tuple[int, datetime.datetime]:
    """The public data's version and when it last changed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version, changed_at FROM directory_data_version WHERE id = 1")
        return cursor.fetchone()


def current_version() -> int | None:
    """The data version read for the public request being served (None outside one)."""
    return _current_version.get()


def cached(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, cached for the current data version when serving a public page
    (reference lists, thesaurus); computed afresh otherwise."""
    version = current_version()
    if version is None:
        return compute()
    key = f"directory:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def page_key(request: HttpRequest, version: int) -> str:
    """A key for this page at this data version; the query string's order is irrelevant."""
    query = sorted(request.GET.lists())
    raw = f"{version}|{request.get_host()}|{request.path}|{query!r}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def is_personal(request: HttpRequest) -> bool:
    """Whether the response may depend on who asks (a curator's session)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def public_page(max_age: int, store: bool = True) -> Callable:
    """Decorate a public GET view with ETag revalidation and (if ``store``) a page cache.

    ``max_age`` is how long browsers and proxies may reuse the page without asking again.
    Streaming responses (exports) get the ETag but are never stored.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD") or is_personal(request):
                return view(request, *args, **kwargs)
            version, changed_at = data_version()
            token = _current_version.set(version)
            try:
                response = respond(request, version, changed_at, view, args, kwargs)
            finally:
                _current_version.reset(token)
            return response

        return wrapped

    def respond(request, version, changed_at, view, args, kwargs) -> HttpResponse:
        key = page_key(request, version)
        etag = f'"{key}"'
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            response = None
            if store:
                stored = cache.get(CACHE_PREFIX + key)
                if stored is not None:
                    content, content_type = stored
                    response = HttpResponse(content, content_type=content_type)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
                if store and not response.streaming:
                    cache.set(
                        CACHE_PREFIX + key,
                        (response.content, response["Content-Type"]),
                        settings.PAGE_CACHE_SECONDS,
                    )
        response["ETag"] = etag
        response["Last-Modified"] = http_date(changed_at.timestamp())
        patch_cache_control(response, public=True, max_age=max_age)
        return response

    return decorator
