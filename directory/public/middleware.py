"""Security headers the framework does not set by itself."""

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Nothing is allowed unless a directive below names it (default-src 'none'): the site's own
# scripts, styles and requests (the commune suggestions, the map's GeoJSON); its own images,
# data: URLs (Leaflet's blank tile) and the map tiles' host (added by ``policy_with_tiles``);
# forms sent to the site only; no frame may hold a page, no <base> may move relative links.
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
def policy_with_tiles(tile_url: str) -> str:
    """``CONTENT_SECURITY_POLICY`` with the map tiles' host added to ``img-src``."""
    source = tile_source(tile_url)
    if not source:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(IMAGE_SOURCES, f"{IMAGE_SOURCES} {source}")


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


class ContentSecurityPolicyMiddleware:
    """Add a strict Content-Security-Policy and Permissions-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", policy_with_tiles(settings.MAP_TILE_URL)
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
