"""Measure the public pages as served in production, on cache misses.

    python manage.py benchmark [--count 100000] [--duration 15] [--runs 2] [--workers 2]
                               [--port 8765] [--kinds listing,filtered,rare,common,detail,mix]

Run it against its own database (``make bench`` sets ``DATABASE_URL`` to one): it fills that
database with ``load_seed`` and ``seed_synthetic`` unless it already holds the right number of
entries, and runs ``VACUUM ANALYZE``. It generates, for each kind of page, a list of distinct
URLs from the data, counts their SQL queries, starts gunicorn with production settings and
walks each list with wrk (every URL once, the data version bumped before each test, so every
request is a page-cache miss): 8 connections, then 1 connection over another slice; then a mix
of all kinds, without and with one edit a second; then, apart, page-cache hits of one URL
repeated and the "ok" ceiling; and the workers' memory. The logic is in ``directory.benchmark``.

``--soak 60`` runs the mix at saturation for 60 s instead, sampling the workers' memory, and
``--slow-clients 50`` checks that 50 connections trickling their headers do not stop an ordinary
visitor (``directory.benchmark.soak``).
"""

from __future__ import annotations

import shutil
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.benchmark import report
from directory.benchmark.data import WrongDatabase, prepare_database
from directory.benchmark.runner import KIND_KEYS, Benchmark, Options, endurance


class Command(BaseCommand):
    help = "Benchmark the public pages on cache misses (distinct URLs) with gunicorn and wrk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--duration", type=int, default=15, help="seconds, 8 connections")
        parser.add_argument("--single-duration", type=int, default=5, help="seconds, 1 conn.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--runs", type=int, default=2)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--soak", type=int, default=0, help="seconds of the mix at saturation, memory sampled"
        )
        parser.add_argument(
            "--slow-clients", type=int, default=0, help="slow connections beside a visitor"
        )
        parser.add_argument(
            "--kinds",
            default=",".join(KIND_KEYS),
            help=f"comma-separated, among {', '.join(KIND_KEYS)}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if shutil.which("wrk") is None:
            raise CommandError("wrk is missing: sudo apt-get install -y wrk")
        kinds = tuple(kind for kind in options["kinds"].split(",") if kind)
        unknown = set(kinds) - set(KIND_KEYS)
        if unknown or not kinds:
            raise CommandError(f"Unknown kinds {sorted(unknown)}; choose among {KIND_KEYS}.")
        try:
            prepare_database(options["count"], self.stdout)
        except WrongDatabase as error:
            raise CommandError(str(error)) from error
        settings = Options(
            count=options["count"],
            duration=options["duration"],
            single_duration=options["single_duration"],
            runs=options["runs"],
            workers=options["workers"],
            port=options["port"],
            kinds=kinds,
        )
        if options["soak"] or options["slow_clients"]:
            self.stdout.write(
                endurance(settings, options["soak"], options["slow_clients"], self.stdout)
            )
            return
        benchmark = Benchmark(settings, self.stdout)
        runs = benchmark.execute()
        self.stdout.write(report.render(benchmark, runs))
