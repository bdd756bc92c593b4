"""Two endurance checks of the benchmark's server (``manage.py benchmark --soak 60``,
``--slow-clients 50``):

- **soak**: the long-tail mix (every URL once, cache misses) at saturation for a while, the
  workers' resident memory sampled every few seconds: errors, and memory first, last, highest;
- **slow clients**: connections that trickle their request's headers a byte at a time, as a
  slow or hostile client does, while one ordinary visitor measures how long a page takes;
  against gunicorn alone with sync workers (before), with its default threaded workers, and
  behind nginx (Debian's, when installed), which buffers the slow ones.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from . import data, wrk
from .server import Server

SAMPLE_SECONDS = 5
PROBE_PATH = "/a-propos/"
PROBE_TIMEOUT = 10
HEADER_BYTE_SECONDS = 1.0


# --- Soak --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Soak:
    load: wrk.Load
    samples: list[tuple[float, float]]  # (seconds, largest worker's MB)

    @property
    def first_mb(self) -> float:
        return self.samples[0][1]

    @property
    def last_mb(self) -> float:
        return self.samples[-1][1]

    @property
    def max_mb(self) -> float:
        return max(mb for _, mb in self.samples)


def soak(server: Server, paths: list[str], seconds: int) -> Soak:
    """``paths`` (each once) at 8 connections for ``seconds``, memory sampled meanwhile."""
    data.wait_until_idle()
    data.bump_data_version()
    samples = [(0.0, server.largest_worker_mb())]
    done = threading.Event()
    started = time.monotonic()

    def sample() -> None:
        while not done.wait(SAMPLE_SECONDS):
            samples.append((time.monotonic() - started, server.largest_worker_mb()))

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        load = wrk.run(server.base_url, paths, 2, 8, seconds)
    finally:
        done.set()
        sampler.join()
    samples.append((time.monotonic() - started, server.largest_worker_mb()))
    return Soak(load, samples)


def render_soak(result: Soak, seconds: int, workers: int) -> str:
    load = result.load
    lines = [
        f"Soak: the mix of all kinds, each URL once (cache misses), 8 connections, {seconds} s, "
        f"{workers} workers.",
        f"{load.requests:,} requests ({load.rps:.0f} req/s), errors: {load.errors}, "
        f"p50 {load.p50_ms:.0f} ms, p95 {load.p95_ms:.0f} ms"
        + (f"; the list ran out after {load.seconds:.0f} s" if load.exhausted else "")
        + ".",
        f"Largest worker's resident memory: first {result.first_mb:.0f} MB, last "
        f"{result.last_mb:.0f} MB, highest {result.max_mb:.0f} MB.",
        "Samples (s: MB): " + ", ".join(f"{at:.0f}: {mb:.0f}" for at, mb in result.samples),
    ]
    return "\n".join(lines)


# --- Slow clients ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """An ordinary visitor's requests while the slow clients hold their connections."""

    label: str
    latencies_ms: list[float]  # of the answered requests
    failed: int  # timed out or refused

    def describe(self) -> str:
        answered = self.latencies_ms
        if not answered:
            return f"{self.label}: no answer in {PROBE_TIMEOUT} s ({self.failed} tries)"
        return (
            f"{self.label}: {len(answered)} answered, {self.failed} without an answer in "
            f"{PROBE_TIMEOUT} s; median {statistics.median(answered):.0f} ms, "
            f"slowest {max(answered):.0f} ms"
        )


def trickle(port: int, count: int, stop: threading.Event) -> None:
    """``count`` connections that send a request line, then one header byte a second."""
    sockets = []
    for _ in range(count):
        try:
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
            connection.sendall(b"GET /initiatives/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sockets.append(connection)
        except OSError:
            pass
    while not stop.wait(HEADER_BYTE_SECONDS):
        for connection in sockets:
            with suppress(OSError):  # one that the server dropped
                connection.sendall(b"X")
    for connection in sockets:
        connection.close()


def probe(base_url: str, label: str, seconds: float) -> Probe:
    latencies: list[float] = []
    failed = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            urllib.request.urlopen(base_url + PROBE_PATH, timeout=PROBE_TIMEOUT).read()
            latencies.append((time.perf_counter() - started) * 1000)
        except OSError:
            failed += 1
        time.sleep(0.5)
    return Probe(label, latencies, failed)


def under_slow_clients(port: int, base_url: str, label: str, count: int, seconds: float) -> Probe:
    stop = threading.Event()
    trickler = threading.Thread(target=trickle, args=(port, count, stop))
    trickler.start()
    time.sleep(2)  # every slow connection open and holding
    try:
        return probe(base_url, label, seconds)
    finally:
        stop.set()
        trickler.join()


NGINX_CONFIG = """\
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  # A client that has not sent its headers (or its body) in 10 s is dropped; gunicorn only
  # ever sees whole requests, and nginx reads its answers into its buffers at once.
  client_header_timeout 10s;
  client_body_timeout 10s;
  send_timeout 10s;
  upstream app {{ server 127.0.0.1:{upstream}; keepalive 8; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Request-ID $request_id;
    }}
  }}
}}
"""


@contextmanager
def nginx_in_front(upstream: int, port: int) -> Iterator[str | None]:
    """Debian's nginx on ``port`` proxying to gunicorn on ``upstream``: its base URL, or
    None when nginx is not installed."""
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if binary is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    (folder / "nginx.conf").write_text(
        NGINX_CONFIG.format(folder=folder, upstream=upstream, port=port)
    )
    process = subprocess.Popen([binary, "-c", str(folder / "nginx.conf"), "-p", str(folder)])
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{PROBE_PATH}", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def slow_clients(
    make_server: Callable[[dict[str, str]], Server], count: int, seconds: float
) -> list[Probe]:
    """The ordinary visitor alone, then beside ``count`` slow clients: on gunicorn with sync
    workers, with the default (threaded) workers, and behind nginx."""
    probes = []
    for label, environment in (
        ("gunicorn, sync workers", {"GUNICORN_WORKER_CLASS": "sync", "GUNICORN_THREADS": "1"}),
        ("gunicorn, gthread workers (default)", {}),
    ):
        server = make_server(environment)
        server.start()
        try:
            probes.append(probe(server.base_url, f"{label}, alone", 5))
            probes.append(
                under_slow_clients(
                    server.port, server.base_url, f"{label}, {count} slow clients", count, seconds
                )
            )
            if not environment:
                with nginx_in_front(server.port, server.port + 1) as front:
                    if front is not None:
                        label = f"nginx in front of {label}, {count} slow clients"
                        probes.append(
                            under_slow_clients(server.port + 1, front, label, count, seconds)
                        )
        finally:
            server.stop()
    return probes
