"""The project's own system checks (``directory/checks.py``)."""

from __future__ import annotations

import pytest
from django.core import checks

from directory.checks import check_trusted_proxies
from tests.test_deploy import PRODUCTION, check_deploy


def test_a_proxy_without_trusted_proxy_count_is_warned_about(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0

    assert check_trusted_proxies(None) == [
        checks.Warning(
            "BEHIND_HTTPS_PROXY is set but TRUSTED_PROXY_COUNT is 0: every visitor has the "
            "proxy's address, so the rate limits and the login lockout count them all as one.",
            hint="Set TRUSTED_PROXY_COUNT to the number of reverse proxies that append the "
            "client's address to X-Forwarded-For (1 for a single proxy).",
            id="directory.W001",
        )
    ]


@pytest.mark.parametrize(
    ("proxy_header", "count"),
    [(("HTTP_X_FORWARDED_PROTO", "https"), 1), (None, 0), (None, 2)],
    ids=["proxy-counted", "no-proxy", "count-without-https-header"],
)
def test_no_warning_when_the_proxies_are_counted_or_absent(settings, proxy_header, count):
    settings.SECURE_PROXY_SSL_HEADER = proxy_header
    settings.TRUSTED_PROXY_COUNT = count

    assert check_trusted_proxies(None) == []


def test_the_check_is_registered_and_fails_check_deploy():
    result = check_deploy(**PRODUCTION, BEHIND_HTTPS_PROXY="1", TRUSTED_PROXY_COUNT="0")

    assert result.returncode == 1
    assert "(directory.W001) BEHIND_HTTPS_PROXY is set but TRUSTED_PROXY_COUNT is 0" in (
        result.stderr
    )
    assert "System check identified 1 issue (0 silenced)." in result.stderr
