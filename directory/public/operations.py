"""Running the site: a request id in every log line, a French 503 while the database is
unreachable, and the health endpoint that load balancers and monitors poll.

- ``RequestIdMiddleware`` (first of the middleware) gives each request an id: the reverse
  proxy's ``X-Request-ID`` when the site is behind one (``BEHIND_HTTPS_PROXY``) and the value is
  plausible, else a new random one. It is sent back in ``X-Request-ID`` and added to every log
  record made while the request runs (``directory.public.logs.RequestIdFilter``), so that a
  visitor's error, the server's traceback and the proxy's access log line can be matched.
- ``DatabaseUnavailableMiddleware`` answers a request whose database connection failed
  (PostgreSQL restarting, unreachable) with ``templates/503.html``, which needs no database,
  and ``Retry-After``; Django drops the broken connection at the end of the request, so the next
  request reconnects by itself once PostgreSQL is back.
- ``health`` (``/health/``) checks the database and the cache: ``200`` with
  ``{"statut": "ok", …}``, else ``503`` naming the part that failed. Never cached.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .logs import current_request_id

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like (a UUID, nginx's $request_id, a trace id): anything else is
# replaced, so that a client cannot write arbitrary text into the logs.
PLAUSIBLE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
# Seconds a client should wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 10


def incoming_request_id(request: HttpRequest) -> str:
    """The proxy's request id if the site is behind one and the id is plausible, else a new
    one (32 hexadecimal digits)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        if PLAUSIBLE_REQUEST_ID.fullmatch(given):
            return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give the request an id, for its response's ``X-Request-ID`` and its log records."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = incoming_request_id(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


def unavailable(request: HttpRequest) -> HttpResponse:
    """The French 503 page, rendered without touching the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when the request's database connection fails (not for other database
    errors: an integrity error is a bug or a race, and stays a 500)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("Database unavailable: %s", exception)
            return unavailable(request)
        return None


HEALTH_CACHE_KEY = "directory:health"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False


def _cache_ok() -> bool:
    probe = uuid.uuid4().hex
    try:
        cache.set(HEALTH_CACHE_KEY, probe, timeout=30)
        return cache.get(HEALTH_CACHE_KEY) == probe
    except Exception:  # Any backend's failure (a Redis connection refused, a timeout).
        logger.exception("Health check: the cache does not answer")
        return False


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """``{"statut": "ok", "base": "ok", "cache": "ok"}``, or 503 with ``"indisponible"`` for
    the part that failed (no detail: the logs have it)."""
    parts = {"base": _database_ok(), "cache": _cache_ok()}
    body = {"statut": "ok" if all(parts.values()) else "indisponible"}
    body.update({name: "ok" if ok else "indisponible" for name, ok in parts.items()})
    return JsonResponse(body, status=200 if all(parts.values()) else 503)
