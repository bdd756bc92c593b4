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


def register() -> None:
    checks.register(check_trusted_proxies, checks.Tags.security)
