"""Security headers the framework does not set by itself, and the limit on request bodies."""

import tempfile
from collections.abc import Callable
from functools import lru_cache
from typing import IO, BinaryIO, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from ..images.processing import megabytes

# Nothing is allowed unless a directive below names it (default-src 'none'): the site's own
# scripts, styles and requests (the commune suggestions, the map's GeoJSON); its own images,
# data: URLs (Leaflet's blank tile), the map tiles' host and the media bucket's origin (added by
# ``policy_with_tiles``); forms sent to the site only; no frame may hold a page, no <base> may
# move relative links.
# No inline script nor style attribute anywhere, the admin's included. No font-src nor
# manifest-src: the site uses the system's fonts and has no web app manifest.
IMAGE_SOURCES = "img-src 'self' data:"
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        IMAGE_SOURCES,
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


def tile_source(tile_url: str) -> str:
    """The CSP source that allows the map's tiles: ``"https://*.tile.openstreetmap.fr"`` for
    ``"https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png"``.

    A placeholder such as ``{s}`` may only stand for the host's first label (where CSP puts
    its wildcard); a relative URL (tiles served by the site itself) needs no source.
    """
    parts = urlsplit(tile_url)
    if not (parts.scheme and parts.netloc):
        return ""
    first, dot, rest = parts.netloc.partition(".")
    if "{" in first:
        first = "*"
    return f"{parts.scheme}://{first}{dot}{rest}"


@lru_cache(maxsize=4)
def policy_with_tiles(tile_url: str, media_origin: str = "") -> str:
    """``CONTENT_SECURITY_POLICY`` with the map tiles' host and the uploaded images' origin
    (``media_origin``, when they are served from another one) added to ``img-src``."""
    sources = " ".join(source for source in (tile_source(tile_url), media_origin) if source)
    if not sources:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(IMAGE_SOURCES, f"{IMAGE_SOURCES} {sources}")


@lru_cache(maxsize=4)
def _media_origin(storage_settings: str) -> str:
    parts = urlsplit(default_storage.url("csp.png"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def media_origin() -> str:
    """The origin of the uploaded images' URLs when the media storage serves them from another
    host (an S3 bucket, a CDN), else "" (``/media/`` on the site itself). Asked of the storage
    once per configuration: its URLs are built without any request."""
    return _media_origin(repr(settings.STORAGES["default"]))


# Every powerful feature off, but geolocation for the site itself: the listing's "autour de
# moi" asks for the visitor's position (static/js/near-me.js). Only features Chromium knows
# (it warns of any other), and not the obsolete interest-cohort (FLoC).
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "camera=()",
        "display-capture=()",
        "geolocation=(self)",
        "gyroscope=()",
        "hid=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "serial=()",
        "usb=()",
        "xr-spatial-tracking=()",
    ]
)


def is_admin_path(request: HttpRequest) -> bool:
    """Whether ``request`` is for the admin, wherever ``ADMIN_URL`` puts it."""
    return request.path_info.startswith("/" + settings.ADMIN_URL)


class ContentSecurityPolicyMiddleware:
    """Add a strict Content-Security-Policy and Permissions-Policy to every response, and keep
    search engines out of the admin (``X-Robots-Tag``: robots.txt does not name an admin
    moved to a secret address)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", policy_with_tiles(settings.MAP_TILE_URL, media_origin())
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_admin_path(request):
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response


# --- Request bodies ------------------------------------------------------------------------------

# Content Too Large.
CONTENT_TOO_LARGE = 413
READ_CHUNK = 64 * 1024


def body_limit(request: HttpRequest) -> int:
    """The largest body this request may have: ``ADMIN_REQUEST_BODY_MAX_BYTES`` under the
    admin (spreadsheet imports), ``REQUEST_BODY_MAX_BYTES`` everywhere else."""
    if is_admin_path(request):
        return settings.ADMIN_REQUEST_BODY_MAX_BYTES
    return settings.REQUEST_BODY_MAX_BYTES


class RequestBodyLimitMiddleware:
    """Refuse a request whose body is larger than ``body_limit()`` with 413 and a short French
    page, before anything reads it (first of the middleware).

    A body of announced length (``Content-Length``) is refused unread. One of unknown length
    (``Transfer-Encoding: chunked``, which Django itself would read as empty) is read up to the
    limit and one byte, into a file that stays in memory up to ``FILE_UPLOAD_MAX_MEMORY_SIZE``:
    refused beyond, otherwise handed to Django with its length, as if it had announced it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit(request)
        announced = request.META.get("CONTENT_LENGTH", "")
        try:
            length = int(announced) if announced else None
        except ValueError:
            length = None  # Django reads such a body as empty.
        if length is not None and length > limit:
            return too_large(request, limit)
        if length is None and request.META.get("HTTP_TRANSFER_ENCODING"):
            body = self.read_streamed_body(request, limit)
            if body is None:
                return too_large(request, limit)
            with body:
                return self.get_response(request)
        return self.get_response(request)

    @staticmethod
    def read_streamed_body(request: HttpRequest, limit: int) -> IO[bytes] | None:
        """Read a body of unknown length, at most ``limit`` + 1 bytes: None when it is larger
        than ``limit``, otherwise the file that is now the request's body."""
        source = request.META["wsgi.input"]
        # Closed by the caller, once the response is made.
        body = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        size = 0
        while size <= limit:
            chunk = source.read(min(READ_CHUNK, limit + 1 - size))
            if not chunk:
                break
            body.write(chunk)
            size += len(chunk)
        if size > limit:
            body.close()
            return None
        body.seek(0)
        request.META["CONTENT_LENGTH"] = str(size)
        # Where WSGIRequest reads its body from: the request's stream, limited to the length
        # it was given (0); the file holds exactly the body.
        request._stream = cast(BinaryIO, body)
        return body


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    content = render_to_string("413.html", {"limit": megabytes(limit)})
    return HttpResponse(content, status=CONTENT_TOO_LARGE)
