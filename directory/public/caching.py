"""Caching of public pages, keyed by the version of the public data.

Database triggers bump the data version (``directory.models.data_version``) on every write
that can change a public page. Each public request reads that version (one cheap query), and:

- answers ``304 Not Modified`` when the browser's ``If-None-Match`` holds the page's ETag;
- otherwise serves the page from the cache, or renders and stores it.

An edit or a publication therefore shows at once on every page and in every server process,
with no invalidation to orchestrate. Visitors with a session (curators) bypass the cache.

The version is read from the primary database; with a replica (``DATABASE_REPLICA_URL``), a
page missing from the cache is rendered from the replica once it has that version
(``replica_reads_at``), so an edit shows at once there too, and a lagging replica can never
put an old page in the cache under the new version.

A page that shows open states (« Ouvert maintenant », a listing's open-now count or filter)
holds only until the next change of one of them, which its rendering records
(``directory.hours.clock``): the page is stored with that moment and not served after it, its
ETag carries it (``"<key>.<YYYYmmddHHMM>"``, revalidated only before it) and its ``max-age``
ends then. An export or API answer that is not stored and asks ``ouvert`` gets no ETag.
"""

from __future__ import annotations

import datetime
import hashlib
import zlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags

from ..hours import clock
from ..models.data_version import data_version, replica_reads_at, serving

# The stored form changed with the compression and the open states' validity: a new prefix, so
# that a shared cache filled by an older release is never read as this one's.
CACHE_PREFIX = "directory:page:v2:"
UNTIL_FORMAT = "%Y%m%d%H%M"
# The query parameter whose answer depends on the time of the request.
TIMED_PARAMETER = "ouvert"
# Pages are stored compressed: a listing's 40 KB of HTML takes under 8 KB, so that a process's
# PAGE_CACHE_ENTRIES pages take some 15 MB instead of 80 (the workers' memory, README,
# Performance), and a shared Redis holds five times as many. Level 1 compresses a page in about
# 0.16 ms and decompresses it in 0.08 ms.
COMPRESSION_LEVEL = 1

StoredPage = tuple[bytes, str, datetime.datetime | None]


def stored_page(content: bytes, content_type: str, until: datetime.datetime | None) -> StoredPage:
    """What the cache keeps of a rendered page: its compressed content, its type, and the
    moment its open states change (None: never)."""
    return zlib.compress(content, COMPRESSION_LEVEL), content_type, until


def page_from_store(stored: StoredPage) -> HttpResponse:
    """The response for a page the cache kept (``stored_page``)."""
    compressed, content_type, _until = stored
    return HttpResponse(zlib.decompress(compressed), content_type=content_type)


def page_key(request: HttpRequest, version: int) -> str:
    """A key for this page at this data version; the query string's order is irrelevant. The
    path says the language (``/en/…`` is English, the language comes from the URL only:
    ``directory.public.languages``), so each language's page is cached apart.

    Not the host: pages write absolute URLs from ``SITE_URL``, so every allowed host name and
    port gets the same page, and a client varying its Host header cannot fill the cache with
    copies of one page."""
    query = sorted(request.GET.lists())
    raw = f"{version}|{request.path}|{query!r}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def page_etag(key: str, until: datetime.datetime | None) -> str:
    """The ETag of a page, with the moment its open states change, if it shows any."""
    return f'"{key}"' if until is None else f'"{key}.{until.strftime(UNTIL_FORMAT)}"'


def fresh_etag(
    key: str, etags: list[str], local: datetime.datetime
) -> tuple[bool, datetime.datetime | None]:
    """Whether the browser's ``If-None-Match`` holds this page's ETag with any moment it
    carries still to come, and that moment."""
    for etag in etags:
        if etag == f'"{key}"':
            return True, None
        if etag.startswith(f'"{key}.') and etag.endswith('"'):
            try:
                until = datetime.datetime.strptime(etag[len(key) + 2 : -1], UNTIL_FORMAT)
            except ValueError:
                continue
            if until > local:
                return True, until
    return False, None


def is_personal(request: HttpRequest) -> bool:
    """Whether the response may depend on who asks (a curator's session)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def public_page(max_age: int, store: bool = True) -> Callable:
    """Decorate a public GET view with ETag revalidation and (if ``store``) a page cache.

    ``max_age`` is how long browsers and proxies may reuse the page without asking again.
    Streaming responses (exports) get the ETag but are never stored.
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD") or is_personal(request):
                return view(request, *args, **kwargs)
            versions = data_version()
            with serving(versions):
                return respond(request, versions.version, versions.changed_at, view, args, kwargs)

        return wrapped

    def respond(request, version, changed_at, view, args, kwargs) -> HttpResponseBase:
        key = page_key(request, version)
        local = clock.local()
        timed = not store and TIMED_PARAMETER in request.GET
        until: datetime.datetime | None = None
        response: HttpResponseBase | None = None
        etags = parse_etags(request.headers.get("If-None-Match", ""))
        fresh, until = fresh_etag(key, etags, local)
        if fresh and not timed:
            response = HttpResponseNotModified()
        if response is None and store:
            stored = cache.get(CACHE_PREFIX + key)
            if stored is not None and (stored[2] is None or stored[2] > local):
                response = page_from_store(stored)
                until = stored[2]
        if response is None:
            # Rendered from the replica, if one is configured and has this version.
            with replica_reads_at(version), clock.tracks() as validity:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
                if isinstance(response, SimpleTemplateResponse):
                    # Rendered after the view returns (a TemplateResponse, the API's
                    # responses): its content exists, and its open states are known, once
                    # rendered.
                    response.render()
            until = validity.until
            if store and isinstance(response, HttpResponse):  # not streamed
                cache.set(
                    CACHE_PREFIX + key,
                    stored_page(response.content, response["Content-Type"], until),
                    settings.PAGE_CACHE_SECONDS,
                )
        if timed:
            patch_cache_control(response, public=True, max_age=0)
            response["Last-Modified"] = http_date(changed_at.timestamp())
            return response
        response["ETag"] = page_etag(key, until)
        response["Last-Modified"] = http_date(changed_at.timestamp())
        seconds = max_age
        if until is not None:
            seconds = min(max_age, max(0, int((until - local).total_seconds())))
        patch_cache_control(response, public=True, max_age=seconds)
        return response

    return decorator
