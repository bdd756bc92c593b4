"""The server under test: gunicorn with production settings, its workers' memory, and the
streaming of the full GeoJSON export."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Export:
    """The GeoJSON of every entry: megabytes received, seconds, largest worker while streaming."""

    megabytes: float
    seconds: float
    largest_worker_mb: float


class Server:
    """gunicorn on 127.0.0.1:``port`` with the project's gunicorn.conf.py (``workers`` of its
    default worker class), ``DEBUG`` off, the ceiling view on, and the static files collected
    in ``static_root``; ``environment`` adds or replaces variables of the server's own (the
    Lighthouse run's map tiles, the tests' database)."""

    def __init__(
        self,
        port: int,
        workers: int,
        static_root: Path,
        environment: Mapping[str, str] | None = None,
    ) -> None:
        self.port = port
        self.workers = workers
        self.static_root = static_root
        self.extra_environment = dict(environment or {})
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.base_url,
            "STATIC_ROOT": str(self.static_root),
            "BENCHMARK_CEILING": "1",
            "SECURE_COOKIES": "0",
            "LOG_LEVEL": "WARNING",
            # No access line per request: the benchmark measures the pages, not the logging
            # (figures stay comparable with those taken before the access log existed).
            "GUNICORN_ACCESS_LOG": "0",
            **self.extra_environment,
        }

    def command(self) -> list[str]:
        """gunicorn with the project's configuration file, as in production."""
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(settings.BASE_DIR / "gunicorn.conf.py"),
            "innovation_site.wsgi",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        ]

    def start(self) -> None:
        env = self.environment()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            env=env,
            check=True,
            cwd=settings.BASE_DIR,
        )
        self.process = subprocess.Popen(
            self.command(),
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.base_url}/_ceiling/", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        """Ask gunicorn's master for a graceful stop; kill its process group if it lingers."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process = None

    def get(self, path: str, times: int = 1) -> None:
        for _ in range(times):
            urllib.request.urlopen(self.base_url + path, timeout=60).read()

    def largest_worker_mb(self) -> float:
        """The largest resident memory of gunicorn's workers, in MB."""
        assert self.process is not None
        ps = subprocess.run(
            ["ps", "-o", "rss=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        )
        sizes = [int(value) for value in ps.stdout.split()]
        return max(sizes, default=0) / 1024

    def measure_export(self) -> Export:
        """Download the GeoJSON of every entry while sampling the workers' memory."""
        peak = [self.largest_worker_mb()]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak.append(self.largest_worker_mb())

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.perf_counter()
        received = 0
        try:
            # Not asking for gzip: the whole uncompressed document goes through the worker.
            with urllib.request.urlopen(
                f"{self.base_url}/initiatives.geojson", timeout=300
            ) as response:
                while chunk := response.read(1 << 16):
                    received += len(chunk)
        finally:
            done.set()
            sampler.join()
        return Export(received / 1e6, time.perf_counter() - started, max(peak))
