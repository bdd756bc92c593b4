"""gunicorn.conf.py: what it reads from the environment, and a real gunicorn started with it.

Not behind a proxy (``BEHIND_HTTPS_PROXY`` unset), gunicorn must not take a client's
``X-Forwarded-Proto: https`` for the truth, not even from 127.0.0.1 (gunicorn's own default
trusts that address): the request stays plain HTTP, which ``SECURE_SSL_REDIRECT`` shows by
redirecting it to HTTPS.
"""

from __future__ import annotations

import gc
import http.client
import os
import runpy
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest
from django.urls import reverse

from directory.benchmark.server import Server
from directory.public import warmup
from tests.servers import GUNICORN_CONFIG, ROOT, database_url, free_port, gunicorn_command

START_TIMEOUT = 30
SITE = "https://innovation-sociale.example"
ABOUT = reverse("directory:about")

pytestmark = pytest.mark.django_db

# --- What the file reads -----------------------------------------------------------------------

GUNICORN_VARIABLES = [
    "BEHIND_HTTPS_PROXY",
    "FORWARDED_ALLOW_IPS",
    "GUNICORN_WORKERS",
    "GUNICORN_WORKER_CLASS",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "GUNICORN_KEEPALIVE",
    "GUNICORN_ACCESS_LOG",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_MAX_REQUESTS_JITTER",
    "GUNICORN_PRELOAD",
    "WEB_CONCURRENCY",
]


@pytest.fixture
def config(monkeypatch) -> Callable[..., dict]:
    """The settings gunicorn.conf.py defines, read with these environment variables only."""

    def read(**environment: str) -> dict:
        for name in GUNICORN_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(GUNICORN_CONFIG))

    return read


def test_forwarded_headers_are_trusted_from_no_one_by_default(config):
    assert config()["forwarded_allow_ips"] == ""
    assert config(BEHIND_HTTPS_PROXY="0")["forwarded_allow_ips"] == ""
    # Without the proxy, its addresses are not trusted either.
    assert config(FORWARDED_ALLOW_IPS="10.0.0.2")["forwarded_allow_ips"] == ""


def test_behind_a_proxy_its_addresses_are_trusted(config):
    assert config(BEHIND_HTTPS_PROXY="1")["forwarded_allow_ips"] == "127.0.0.1"
    behind = config(BEHIND_HTTPS_PROXY="yes", FORWARDED_ALLOW_IPS=" 10.0.0.2, 10.0.0.3 ")
    assert behind["forwarded_allow_ips"] == "10.0.0.2,10.0.0.3"


def test_defaults(config):
    values = config()
    assert values["workers"] == (os.cpu_count() or 1) + 1
    assert values["worker_class"] == "gthread"
    assert values["threads"] == 4
    assert (values["timeout"], values["graceful_timeout"], values["keepalive"]) == (60, 30, 5)
    assert (values["limit_request_line"], values["limit_request_fields"]) == (4094, 50)
    assert values["limit_request_field_size"] == 8190
    assert values["wsgi_app"] == "innovation_site.wsgi"
    assert values["accesslog"] == "-"
    assert values["access_log_format"].endswith(" %(M)sms %({x-request-id}o)s")


def test_the_application_is_preloaded_unless_asked_not_to_be(config):
    """Workers fork from a master that imported everything (README, Hardening: soak)."""
    assert config()["preload_app"] is True
    assert config(GUNICORN_PRELOAD="0")["preload_app"] is False


class FakeArbiter:
    """What gunicorn's ``when_ready`` is given: the master, with its log."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    @property
    def log(self) -> FakeArbiter:
        return self

    def info(self, message: str, *args: object) -> None:
        self.lines.append(message % args)


@pytest.mark.parametrize(("preload", "warmed"), [("1", True), ("0", False)])
def test_a_preloaded_master_warms_up_before_forking(config, monkeypatch, preload, warmed):
    """Its workers start with the bitsets, templates and the rest built (README,
    Performance); a master that did not load the application has nothing to warm."""
    calls: list[str] = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append("warm_up") or 1.25)
    master = FakeArbiter()
    config(GUNICORN_PRELOAD=preload)["when_ready"](master)
    assert calls == (["warm_up"] if warmed else [])
    assert master.lines == (["Warmed up in 1.25 s"] if warmed else [])


def test_workers_collect_cycles_without_walking_what_the_master_loaded(config):
    """The master's objects are frozen before each fork; workers collect less often."""
    values = config()
    thresholds = gc.get_threshold()
    try:
        values["pre_fork"](None, None)
        assert gc.get_freeze_count() > 10_000
        values["post_fork"](None, None)
        assert gc.get_threshold() == (7000, 10, 10)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_worker_recycling_is_off_unless_asked(config):
    assert (config()["max_requests"], config()["max_requests_jitter"]) == (0, 0)
    asked = config(GUNICORN_MAX_REQUESTS="1000", GUNICORN_MAX_REQUESTS_JITTER="100")
    assert (asked["max_requests"], asked["max_requests_jitter"]) == (1000, 100)


def test_access_log_can_be_turned_off(config):
    assert config(GUNICORN_ACCESS_LOG="0")["accesslog"] is None


def test_workers_and_timeouts_from_the_environment(config):
    values = config(
        GUNICORN_WORKERS="4",
        GUNICORN_WORKER_CLASS="gthread",
        GUNICORN_THREADS="8",
        GUNICORN_TIMEOUT="120",
        GUNICORN_GRACEFUL_TIMEOUT="10",
        GUNICORN_KEEPALIVE="2",
    )
    assert (values["workers"], values["worker_class"], values["threads"]) == (4, "gthread", 8)
    assert (values["timeout"], values["graceful_timeout"], values["keepalive"]) == (120, 10, 2)


def test_web_concurrency_is_read_as_gunicorn_itself_does(config):
    assert config(WEB_CONCURRENCY="3")["workers"] == 3
    assert config(WEB_CONCURRENCY="3", GUNICORN_WORKERS="5")["workers"] == 5


# --- A real server -----------------------------------------------------------------------------


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None):
    """One request to the server on ``port``, redirects not followed: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def start(**environment: str) -> Iterator[int]:
    """gunicorn with the project's configuration and ``environment``: its port."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in GUNICORN_VARIABLES and key not in {"SECURE_SSL_REDIRECT", "SITE_URL"}
    }
    env.update(
        DATABASE_URL=database_url(),
        # The plain static files storage (no collectstatic needed).
        DEBUG="1",
        SITE_URL=SITE,
        SECURE_SSL_REDIRECT="1",
        **environment,
    )
    port = free_port()
    process = subprocess.Popen(
        gunicorn_command(port),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                request(port, "GET", ABOUT)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def server() -> Iterator[int]:
    """Not behind a proxy."""
    yield from start()


@pytest.fixture
def proxied_server() -> Iterator[int]:
    """Behind a proxy on 127.0.0.1."""
    yield from start(BEHIND_HTTPS_PROXY="1")


def test_a_forwarded_https_claim_is_not_trusted_without_a_proxy(server):
    status, headers, _body = request(server, "GET", ABOUT, {"X-Forwarded-Proto": "https"})
    assert (status, headers["Location"]) == (301, f"{SITE}{ABOUT}")


def test_behind_a_proxy_its_https_is_trusted(proxied_server):
    status, _headers, body = request(proxied_server, "GET", ABOUT, {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert "À propos" in body.decode()
    status, headers, _body = request(proxied_server, "GET", ABOUT)
    assert (status, headers["Location"]) == (301, f"{SITE}{ABOUT}")


def test_head_gets_the_headers_and_no_body(proxied_server):
    https = {"X-Forwarded-Proto": "https"}
    status, headers, body = request(proxied_server, "HEAD", ABOUT, https)
    assert (status, body) == (200, b"")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) > 0


def test_the_benchmark_starts_gunicorn_with_the_configuration(tmp_path):
    command = Server(port=8123, workers=2, static_root=tmp_path).command()
    assert command[command.index("-c") + 1] == str(GUNICORN_CONFIG)
    assert command[command.index("--workers") + 1] == "2"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"


# --- A long streamed response and the worker's timeout -----------------------------------------


@pytest.mark.parametrize(
    ("worker_class", "received"),
    [("gthread", b"0\n1\n2\n3\n4\n5\n6\n7\n"), ("sync", None)],
    ids=["gthread-streams-on", "sync-is-killed"],
)
def test_a_stream_longer_than_the_timeout(worker_class, received):
    """The default worker class streams a response of 4 s to its end with ``timeout`` at 1 s
    (its main thread keeps telling the master it is alive): the 30-40 s CSV export of 100,000
    entries stays safe under the 60 s default. A sync worker is killed in the middle."""
    port = free_port()
    command = [
        *gunicorn_command(port)[:-1],
        "--timeout",
        "1",
        "--worker-class",
        worker_class,
        # gunicorn makes a sync worker with several threads a gthread one.
        "--threads",
        "4" if worker_class == "gthread" else "1",
        "tests.slow_stream:application",
    ]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        response = connection.getresponse()
        try:
            body = response.read()
        except http.client.IncompleteRead:
            body = None
        assert body == received
    finally:
        process.terminate()
        process.wait(timeout=10)
