"""The test run's environment, set before pytest-django imports the settings.

Registered with ``-p tests.plugin`` in pyproject.toml's ``addopts``: pytest imports it while it
reads its options, and its hook below runs before pytest-django's, which loads
``innovation_site.settings`` before any conftest.py is read.
"""

import os

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
