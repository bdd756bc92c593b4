"""The test run's environment, set before pytest-django imports the settings.

Registered with ``-p tests.plugin`` in pyproject.toml's ``addopts``: pytest imports it while it
reads its options, and its hook below runs before pytest-django's, which loads
``innovation_site.settings`` before any conftest.py is read.
"""

import os
from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """The tests run with DEBUG off, and the settings then refuse to start without a
    SECRET_KEY and a SITE_URL, as in production: the run gets a throw-away key and the test
    client's own origin (values set in the environment are kept; tests/conftest.py sets
    SITE_URL to the test client's origin for every test anyway)."""
    from django.core.management.utils import get_random_secret_key

    os.environ.setdefault("SECRET_KEY", get_random_secret_key())
    os.environ.setdefault("SITE_URL", "http://testserver")
    # A "replica" alias that is the test database itself (the settings make it a TEST MIRROR),
    # for the routing tests (tests/test_replica_routing.py); tests/conftest.py leaves the
    # router off everywhere else. Removed from the environment once the settings are read
    # (``pytest_configure``), so that no server a test starts inherits it.
    if "DATABASE_REPLICA_URL" not in os.environ:
        os.environ["DATABASE_REPLICA_URL"] = os.environ.get(
            "DATABASE_URL", "postgres:///innovation_idf"
        )
        _set_here.append("DATABASE_REPLICA_URL")


_set_here: list[str] = []


LOCALE = Path(__file__).resolve().parent.parent / "directory" / "locale"


def pytest_configure(config):
    """The replica's URL leaves the environment (see ``pytest_load_initial_conftests``).

    Stop at once, saying what to run, when a translation catalog is not compiled or is
    older than its .po: the .mo files are not committed (`make catalogs` compiles them, and
    `make test` runs it), and without them French plurals and English pages would fail in
    many tests for one reason."""
    for name in _set_here:
        os.environ.pop(name, None)
    stale = [
        po.relative_to(LOCALE.parent.parent)
        for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        names = ", ".join(str(po) for po in stale)
        raise pytest.UsageError(f"Compile the translation catalogs: `make catalogs` ({names}).")
