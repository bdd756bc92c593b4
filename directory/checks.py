"""The project's system checks (``manage.py check``), registered in ``DirectoryConfig.ready``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


def check_trusted_proxies(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list:
    """directory.W001: behind a reverse proxy (``BEHIND_HTTPS_PROXY``, which sets
    ``SECURE_PROXY_SSL_HEADER``), ``TRUSTED_PROXY_COUNT`` 0 reads every client's address as the
    proxy's own ``REMOTE_ADDR`` (``directory.public.antispam.client_ip``): the whole site would
    share one address for the proposals' and reports' rate limits and the login lockout."""
    if settings.SECURE_PROXY_SSL_HEADER and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            checks.Warning(
                "BEHIND_HTTPS_PROXY is set but TRUSTED_PROXY_COUNT is 0: every visitor has the "
                "proxy's address, so the rate limits and the login lockout count them all as "
                "one.",
                hint="Set TRUSTED_PROXY_COUNT to the number of reverse proxies that append the "
                "client's address to X-Forwarded-For (1 for a single proxy).",
                id="directory.W001",
            )
        ]
    return []


# The settings the legal notice (/mentions-legales/) cannot do without.
LEGAL_SETTINGS = (
    "PUBLISHER_NAME",
    "PUBLISHER_ADDRESS",
    "PUBLISHER_EMAIL",
    "PUBLICATION_DIRECTOR",
    "HOST_NAME",
    "HOST_ADDRESS",
)


def check_legal_notice(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list:
    """directory.W002 (deployment only): the legal notice names no publisher, director of
    publication or host while one of their settings is empty."""
    missing = [name for name in LEGAL_SETTINGS if not getattr(settings, name)]
    if not missing:
        return []
    return [
        checks.Warning(
            f"The legal notice (/mentions-legales/) lacks {', '.join(missing)}.",
            hint="A French site must name its publisher, its director of publication and its "
            "host: set these variables (see README.md, Configuration).",
            id="directory.W002",
        )
    ]


def register() -> None:
    checks.register(check_trusted_proxies, checks.Tags.security)
    checks.register(check_legal_notice, deploy=True)
