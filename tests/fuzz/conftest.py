"""The fuzz tests' hypothesis profiles, their dataset and their settings.

Profiles (``HYPOTHESIS_PROFILE``, ``ci`` by default):

- ``ci``: what ``make test`` runs, 50 examples a test, derandomized (the same examples on
  every run, so that CI never fails by chance), well under a minute for the package;
- ``long``: ``make fuzz``, 1,000 examples a test, a new random seed each run (pytest prints it
  on a failure; ``--hypothesis-seed=N`` replays a run).

No example database is written: a failure is replayed from its seed or the blob it prints.
"""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.database import empty_app_tables

from .checks import Fuzzer
from .dataset import Dataset, build_dataset

COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    # The test's own fixtures (its client, its settings, its transaction) serve every example
    # on purpose: each example runs in a savepoint of its own (checks.rolled_back).
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
hypothesis_settings.register_profile("ci", max_examples=50, derandomize=True, **COMMON)
hypothesis_settings.register_profile("long", max_examples=1000, **COMMON)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="package")
def _fuzz_database(django_db_setup, django_db_blocker):
    """The dataset, committed once for the package's tests; every table emptied after them,
    so that the other tests find the database as they expect it: empty."""
    with django_db_blocker.unblock(), transaction.atomic():
        dataset = build_dataset()
    yield dataset
    with django_db_blocker.unblock():
        empty_app_tables()


@pytest.fixture
def dataset(_fuzz_database, db, settings) -> Dataset:
    """The dataset, with the public forms' delays and limits out of the way: a form may be
    sent as soon as it is shown, as often as the examples need."""
    settings.CONTRIBUTION_MIN_SECONDS = 0
    for limit in (
        "PROPOSALS_PER_HOUR",
        "REPORTS_PER_HOUR",
        "PROPOSAL_ATTEMPTS_PER_HOUR",
        "REPORT_ATTEMPTS_PER_HOUR",
    ):
        setattr(settings, limit, 10**9)
    settings.CURATION_EMAILS = ["curation@exemple.fr"]
    return _fuzz_database


@pytest.fixture
def fuzzer(dataset) -> Fuzzer:
    """A client that answers a view's exception with the 500 page, as production does (the
    checks then report its traceback)."""
    return Fuzzer(Client(raise_request_exception=False), dataset)
