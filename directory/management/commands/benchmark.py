"""Measure the public pages at 100,000 initiatives, as served in production.

    python manage.py benchmark [--count 100000] [--duration 15] [--workers 3] [--runs 2]

Run it against its own database (``make bench`` sets ``DATABASE_URL`` to one): it fills that
database with ``load_seed`` and ``seed_synthetic`` unless it already holds the right number of
entries, runs ``VACUUM ANALYZE``, collects the static files, starts gunicorn with production
settings (``DEBUG`` off) and loads each page with wrk (2 threads, 8 connections), then with a
single connection. It prints, for each page and for a view that only answers "ok" (the
ceiling), requests per second, p50 and p95 latencies, p50 at one connection, SQL queries per
request (cold, then cached) and throughput as a fraction of the ceiling; and the largest
resident memory of a server worker.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import Initiative

# wrk prints these from its Lua hook; latencies in microseconds.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors=%d duration_us=%d p50=%d p95=%d\\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(95)))
end
"""
CEILING = "ceiling"


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str


@dataclass
class Result:
    rps: float
    p50_ms: float
    p95_ms: float
    p50_single_ms: float
    errors: int


class Command(BaseCommand):
    help = "Benchmark the public pages at 100,000 initiatives with gunicorn and wrk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--duration", type=int, default=15, help="seconds per load test")
        parser.add_argument("--single-duration", type=int, default=5)
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
        parser.add_argument("--runs", type=int, default=2)
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args: Any, **options: Any) -> None:
        if shutil.which("wrk") is None:
            raise CommandError("wrk is missing: sudo apt-get install -y wrk")
        self.prepare_database(options["count"])
        pages = self.pages()
        queries = {page.key: self.count_queries(page.path) for page in pages}
        static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
        server = self.start_server(options, static_root)
        try:
            runs = []
            for run in range(1, options["runs"] + 1):
                self.stdout.write(f"Run {run}/{options['runs']}…")
                results = {}
                for page in pages:
                    url = f"http://127.0.0.1:{options['port']}{page.path}"
                    self.warm_up(url)
                    results[page.key] = self.measure(url, options)
                export = self.measure_export(server, options["port"])
                runs.append((results, self.max_worker_rss_mb(server), export))
        finally:
            self.stop_server(server)
            shutil.rmtree(static_root, ignore_errors=True)
        self.report(pages, queries, runs, options)

    # --- Data ------------------------------------------------------------------------------

    def prepare_database(self, count: int) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        synthetic = Initiative.objects.filter(slug__startswith="synthetic-").count()
        if synthetic != count:
            if synthetic:
                raise CommandError(
                    f"This database holds {synthetic} synthetic entries, not {count}: "
                    "give the benchmark a database of its own (see README, Benchmark)."
                )
            call_command("load_seed", verbosity=0)
            call_command("seed_synthetic", count=count)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"{Initiative.objects.published().count():,} published initiatives "
            f"in {connection.settings_dict['NAME']}."
        )

    def pages(self) -> list[Page]:
        slug = (
            Initiative.objects.published()
            .filter(slug__startswith="synthetic-")
            .order_by("pk")
            .values_list("slug", flat=True)
            .first()
        )
        return [
            Page("listing", "listing, no filter", "/initiatives/"),
            Page(
                "filtered",
                "listing, a kind and a département",
                "/initiatives/?categorie=amap&departement=seine-saint-denis",
            ),
            Page("rare", "search, a word in ~6% of entries", "/initiatives/?q=sobri%C3%A9t%C3%A9"),
            Page("common", "search, a word in ~44% of entries", "/initiatives/?q=projet"),
            Page("detail", "one initiative's page", f"/initiatives/{slug}/"),
            Page(CEILING, 'a view answering "ok" (ceiling)', "/_ceiling/"),
        ]

    def count_queries(self, path: str) -> tuple[int, int]:
        """SQL queries of one request with an empty cache, then of a cached one."""
        if path.startswith("/_ceiling/"):
            return (0, 0)
        cache.clear()
        client = Client()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                client.get(path, HTTP_HOST="127.0.0.1")
            counts.append(len(queries.captured_queries))
        return counts[0], counts[1]

    # --- Server ----------------------------------------------------------------------------

    def start_server(self, options: dict, static_root: Path) -> subprocess.Popen:
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(static_root),
            "BENCHMARK_CEILING": "1",
            "SECURE_COOKIES": "0",
            "LOG_LEVEL": "WARNING",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            env=env,
            check=True,
            cwd=settings.BASE_DIR,
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "innovation_site.wsgi",
                "--workers",
                str(options["workers"]),
                "--bind",
                f"127.0.0.1:{options['port']}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{options['port']}/_ceiling/"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).read()
                return server
            except OSError:
                time.sleep(0.2)
        self.stop_server(server)
        raise CommandError("gunicorn did not start")

    def stop_server(self, server: subprocess.Popen) -> None:
        """Ask gunicorn's master for a graceful stop; kill the whole group if it lingers."""
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    def max_worker_rss_mb(self, server: subprocess.Popen) -> float:
        """The largest resident memory of gunicorn's workers, in MB."""
        ps = subprocess.run(
            ["ps", "-o", "rss=", "--ppid", str(server.pid)], capture_output=True, text=True
        )
        sizes = [int(value) for value in ps.stdout.split()]
        return max(sizes, default=0) / 1024

    def measure_export(self, server: subprocess.Popen, port: int) -> tuple[float, float, float]:
        """Download the GeoJSON of every entry while sampling the workers' memory:
        (megabytes received, seconds, largest worker in MB)."""
        peak = [self.max_worker_rss_mb(server)]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak.append(self.max_worker_rss_mb(server))

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.perf_counter()
        received = 0
        try:
            # Not asking for gzip: the whole uncompressed document goes through the worker.
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/initiatives.geojson", timeout=120
            ) as response:
                while chunk := response.read(1 << 16):
                    received += len(chunk)
        finally:
            done.set()
            sampler.join()
        return received / 1e6, time.perf_counter() - started, max(peak)

    # --- Load ------------------------------------------------------------------------------

    def warm_up(self, url: str) -> None:
        for _ in range(3):
            urllib.request.urlopen(url, timeout=30).read()

    def wrk(self, url: str, threads: int, connections: int, duration: int) -> dict[str, int]:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        try:
            output = subprocess.run(
                [
                    "wrk",
                    f"-t{threads}",
                    f"-c{connections}",
                    f"-d{duration}s",
                    "--timeout",
                    "10s",
                    "-s",
                    script.name,
                    url,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            os.unlink(script.name)
        match = re.search(r"^BENCH (.*)$", output, re.MULTILINE)
        if match is None:
            raise CommandError(f"Unexpected wrk output:\n{output}")
        return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", match[1])}

    def measure(self, url: str, options: dict) -> Result:
        loaded = self.wrk(url, 2, 8, options["duration"])
        single = self.wrk(url, 1, 1, options["single_duration"])
        return Result(
            rps=loaded["requests"] / (loaded["duration_us"] / 1e6),
            p50_ms=loaded["p50"] / 1000,
            p95_ms=loaded["p95"] / 1000,
            p50_single_ms=single["p50"] / 1000,
            errors=loaded["errors"],
        )

    # --- Report ----------------------------------------------------------------------------

    def report(self, pages: list[Page], queries: dict, runs: list, options: dict) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"{options['count']:,} initiatives; gunicorn, {options['workers']} workers; "
            f"wrk 2 threads, 8 connections, {options['duration']} s; "
            f"{os.cpu_count()} cores."
        )
        for number, (results, rss, export) in enumerate(runs, start=1):
            ceiling = results[CEILING].rps
            megabytes, seconds, export_rss = export
            self.stdout.write("")
            self.stdout.write(
                f"Run {number}: largest worker {rss:.0f} MB resident after the load tests; "
                f"/initiatives.geojson of every entry: {megabytes:.0f} MB in {seconds:.1f} s, "
                f"largest worker {export_rss:.0f} MB while streaming it."
            )
            self.stdout.write(
                "| page | req/s | p50 ms | p95 ms | p50 ms, 1 conn. | SQL cold/cached "
                "| of ceiling | errors |"
            )
            self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for page in pages:
                result = results[page.key]
                cold, warm = queries[page.key]
                self.stdout.write(
                    f"| {page.label} | {result.rps:,.0f} | {result.p50_ms:.1f} "
                    f"| {result.p95_ms:.1f} | {result.p50_single_ms:.1f} | {cold}/{warm} "
                    f"| {result.rps / ceiling:.0%} | {result.errors} |"
                )
