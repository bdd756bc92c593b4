"""Security headers the framework does not set by itself."""

from collections.abc import Callable
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Same-origin only: no inline script, no third-party request. Admin needs inline styles.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
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
    return CONTENT_SECURITY_POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {source}")


PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), interest-cohort=()"


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
