"""The benchmark's database: filling it, emptying every cache (by bumping the data version,
with every entry logged as changed), counting a page's SQL queries, and a curator editing one
initiative a second."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from io import TextIOBase

from django.core.management import call_command
from django.db import connection, connections
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ..models import Initiative
from ..models.data_version import changed_everything


class WrongDatabase(Exception):
    """The database holds another number of synthetic entries than asked."""


def prepare_database(count: int, stdout: TextIOBase) -> None:
    """Migrate; fill an empty database with the seed and ``count`` synthetic entries; analyse."""
    call_command("migrate", verbosity=0, interactive=False)
    synthetic = Initiative.objects.filter(slug__startswith="synthetic-").count()
    if synthetic != count:
        if synthetic:
            raise WrongDatabase(
                f"This database holds {synthetic} synthetic entries, not {count}: "
                "give the benchmark a database of its own (see README, Benchmark)."
            )
        call_command("load_seed", verbosity=0)
        call_command("seed_synthetic", count=count, stdout=stdout)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


IDLE_CHECKS = 3  # consecutive checks, IDLE_INTERVAL apart, that must find no query running
IDLE_INTERVAL = 0.1
IDLE_TIMEOUT = 300


def wait_until_idle() -> float:
    """Wait until no other query runs on the database (the server has finished the requests
    a previous load test left in flight, which would slow the next one); return the seconds
    waited."""
    started = time.monotonic()
    quiet = 0
    with connection.cursor() as cursor:
        while quiet < IDLE_CHECKS and time.monotonic() - started < IDLE_TIMEOUT:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND state = 'active' AND pid <> pg_backend_pid()"
            )
            quiet = quiet + 1 if cursor.fetchone()[0] == 0 else 0
            time.sleep(IDLE_INTERVAL)
    return time.monotonic() - started


def bump_data_version() -> None:
    """A new data version, logged as changing every entry: no page, facet count or ids kept
    by a filter state (``directory.listing.kept_ids``, which an edit of one entry leaves in
    place but for that entry) cached before, in any process, is served again."""
    changed_everything()


def max_queries(paths: Iterable[str]) -> int:
    """The most SQL queries one of ``paths`` takes with every cache cold (the data version
    bumped before each), through Django's test client."""
    client = Client()
    counts = [0]
    for path in paths:
        bump_data_version()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST="127.0.0.1")
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        counts.append(len(queries.captured_queries))
    return max(counts)


class Editor(threading.Thread):
    """A curator at work: every ``interval`` seconds, edits one published initiative through
    the ORM, and each write bumps the data version by trigger, emptying every page cache. Every
    other edit rewrites a summary (the same text); the others rename the entry, which moves
    the facets' version too (a name labels and orders the listings), as correcting a name, a
    kind or a status does. ``stop()`` gives the names back."""

    RENAMED = " (mise à jour)"

    def __init__(self, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.edits = 0
        self.stopping = threading.Event()
        self.pks = list(
            Initiative.objects.published().order_by("pk").values_list("pk", flat=True)[:1000]
        )
        self.names: dict[int, str] = {}

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.interval):
                pk = self.pks[self.edits % len(self.pks)]
                entry = Initiative.objects.filter(pk=pk)
                if self.edits % 2:
                    if pk not in self.names:
                        self.names[pk] = entry.values_list("name", flat=True)[0]
                    name = self.names[pk]
                    entry.update(name=name[: 200 - len(self.RENAMED)] + self.RENAMED)
                else:
                    entry.update(summary=F("summary"))
                self.edits += 1
        finally:
            connections.close_all()  # this thread's own connection

    def stop(self) -> int:
        """Stop editing and give the renamed entries their names back; the number of edits
        made."""
        self.stopping.set()
        self.join()
        for pk, name in self.names.items():
            Initiative.objects.filter(pk=pk).update(name=name)
        return self.edits
