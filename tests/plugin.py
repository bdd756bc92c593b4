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
    SECRET_KEY, as in production: the run gets a throw-away one (one set in the environment is
    kept)."""
    from django.core.management.utils import get_random_secret_key

    os.environ.setdefault("SECRET_KEY", get_random_secret_key())
