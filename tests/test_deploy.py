"""The production configuration: ``manage.py check --deploy`` passes without a warning once the
HTTPS variables of README.md's "Configuration" are set, and the project's own checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# A production environment, as README.md's "Configuration" describes it.
PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "annuaire.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://annuaire.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_COOKIES": "1",
    # The legal notice's publisher, director of publication and host (directory.W002).
    "PUBLISHER_NAME": "Association Annuaire ouvert",
    "PUBLISHER_ADDRESS": "1 rue de l'Exemple, 75010 Paris",
    "PUBLISHER_EMAIL": "contact@annuaire.example.org",
    "PUBLICATION_DIRECTOR": "Camille Martin",
    "HOST_NAME": "Hébergeur Exemple SAS",
    "HOST_ADDRESS": "2 avenue de l'Exemple, 59100 Roubaix",
}


def check_deploy(**environment: str) -> subprocess.CompletedProcess[str]:
    """``manage.py check --deploy --fail-level WARNING`` in a fresh process with this
    environment (on top of the test run's, without its DEBUG or proxy variables, nor the
    DJANGO_ALLOW_ASYNC_UNSAFE that the browser tests set: check --deploy refuses it)."""
    test_run_only = {
        "DEBUG",
        "BEHIND_HTTPS_PROXY",
        "TRUSTED_PROXY_COUNT",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {name: value for name, value in os.environ.items() if name not in test_run_only}
    # A long random key, as in production (the check wants 50 characters or more).
    env["SECRET_KEY"] = secrets.token_urlsafe(64)
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "proxy",
    [{}, {"BEHIND_HTTPS_PROXY": "1", "TRUSTED_PROXY_COUNT": "1"}],
    ids=["tls-on-the-app-server", "behind-a-proxy"],
)
def test_check_deploy_has_no_warning_with_the_production_environment(proxy):
    result = check_deploy(**PRODUCTION, **proxy)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in output
    assert "security.W" not in output


@pytest.mark.parametrize("missing", ["PUBLISHER_NAME", "PUBLICATION_DIRECTOR", "HOST_ADDRESS"])
def test_check_deploy_warns_while_the_legal_notice_lacks_a_setting(missing):
    result = check_deploy(**{**PRODUCTION, missing: ""})

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"(directory.W002) The legal notice (/mentions-legales/) lacks {missing}." in output
