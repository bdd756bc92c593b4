"""Reading the settings' environment variables: typed values, and the two settings whose
values are checked (the site's origin, the admin's path)."""

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable: "1", "true", "yes" and "on" mean true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    """Read an integer environment variable."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_url_from(value: str, debug: bool) -> str:
    """The SITE_URL setting from its environment variable: an origin (``scheme://host[:port]``,
    no path), lowercased and without a final slash; ``DEVELOPMENT_SITE_URL`` when empty with
    ``debug``, and required otherwise."""
    value = value.strip()
    if not value:
        if debug:
            return DEVELOPMENT_SITE_URL
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is off, e.g. https://innovation-sociale.example "
            "(see README.md, Configuration)."
        )
    parts = urlsplit(value.lower())
    try:
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        parts = parts._replace(netloc="")
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or not set(parts.netloc) <= set("abcdefghijklmnopqrstuvwxyz0123456789.-:[]")
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
        or value.endswith(("?", "#"))
    ):
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's origin, such as https://innovation-sociale.example "
            f"(http or https, a host, an optional port, no path): not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


DEFAULT_ADMIN_URL = "admin/"
ADMIN_URL_SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")


def admin_url_from(value: str) -> str:
    """The ADMIN_URL setting from its environment variable: a relative path such as
    ``"admin/"`` or ``"equipe/curation/"`` (URL-safe segments, ending with a slash, not starting
    with one); ``DEFAULT_ADMIN_URL`` when empty."""
    value = value.strip() or DEFAULT_ADMIN_URL
    segments = value.split("/")
    if segments[-1] != "" or not all(
        ADMIN_URL_SEGMENT.fullmatch(segment) and segment != ".." for segment in segments[:-1]
    ):
        raise ImproperlyConfigured(
            f"ADMIN_URL must be a path ending with '/' and not starting with one, such as "
            f"'admin/' or 'equipe/curation/': not {value!r}."
        )
    return value
