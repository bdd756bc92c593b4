"""The shared cache: with ``REDIS_URL``, two server processes share pages in Redis, and an edit
shows at once in both (the data version keys every entry; the ids a search keeps are brought up
to date from the log of changes). They share the curators' sessions
too (``cached_db``: Redis in front of the database), so a logout on one ends the session on
both.

Two real gunicorn processes serve the test database, whose rows are committed (a transactional
test). Without a Redis server at ``TEST_REDIS_URL`` (by default database 15 of the local one)
the test is skipped, except in CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.conf import settings
from django.urls import reverse

from tests import factories
from tests.servers import ROOT, database_url, free_port, gunicorn_command

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
START_TIMEOUT = 30
HOST = "localhost"

pytestmark = pytest.mark.django_db(transaction=True)


def get(port: int, path: str) -> str:
    """The page at ``path`` from the server on ``port``, under the site's one host name (as
    behind the proxy in front of several servers)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


@pytest.fixture
def shared_redis() -> Iterator[tuple[redis.Redis, str]]:
    """The Redis database the servers share, and a key prefix of this test's own."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis server at {REDIS_URL}")
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def two_servers(shared_redis) -> Iterator[list[int]]:
    """Two server processes sharing the Redis cache: their ports."""
    _client, prefix = shared_redis
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        # The plain static files storage (no collectstatic needed); caching is the same.
        "DEBUG": "1",
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            gunicorn_command(port),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + START_TIMEOUT
        for port in ports:
            while True:
                try:
                    get(port, reverse("directory:propose"))  # never cached
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def page_keys(client: redis.Redis, prefix: str) -> list[bytes]:
    return list(client.scan_iter(f"{prefix}:*directory:page:*"))


def test_servers_share_pages_and_an_edit_shows_at_once_in_both(
    initiative, shared_redis, two_servers
):
    client, prefix = shared_redis
    first, second = two_servers
    listing = reverse("directory:initiative_list")

    assert "AMAP des Lilas" in get(first, listing)
    assert len(page_keys(client, prefix)) == 1
    # The other process serves the page the first one stored: no second rendering.
    assert "AMAP des Lilas" in get(second, listing)
    assert len(page_keys(client, prefix)) == 1

    initiative.name = "AMAP des Lilas de Montreuil"
    initiative.save()

    assert "AMAP des Lilas de Montreuil" in get(second, listing)
    assert "AMAP des Lilas de Montreuil" in get(first, listing)
    assert "AMAP des Lilas de Montreuil" in get(first, initiative.get_absolute_url())


def test_a_change_of_what_facets_count_shows_at_once_in_both(initiative, shared_redis, two_servers):
    """Each process keeps its own facet bitsets: both build them again for the new facets'
    version that the change brings."""
    listing = reverse("directory:initiative_list")
    assert initiative.legal_form != "scic"
    for port in two_servers:
        assert 'name="forme" value="scic" disabled>' in get(port, listing)

    initiative.legal_form = "scic"
    initiative.save()

    for port in reversed(two_servers):
        page = get(port, listing)
        assert 'name="forme" value="scic">' in page
        assert 'name="forme" value="scic" disabled>' not in page


def test_a_search_shares_the_ids_it_keeps_and_an_edit_brings_them_up_to_date_in_both(
    initiative, shared_redis, two_servers
):
    """The ids a search keeps live in Redis across data versions: after an edit, the first
    process to need them reads the entry changed and stores them again for both."""
    client, prefix = shared_redis
    first, second = two_servers
    garden = factories.InitiativeFactory(name="Jardin des Roses", summary="Un jardin partagé.")
    listing = reverse("directory:initiative_list")

    amap, jardin = initiative.get_absolute_url(), garden.get_absolute_url()
    for port in two_servers:
        page = get(port, f"{listing}?q=lilas")
        assert f'href="{amap}"' in page
        assert f'href="{jardin}"' not in page
    assert len(list(client.scan_iter(f"{prefix}:*directory:kept:*"))) == 1

    garden.summary = "Un jardin partagé, près du square des Lilas."
    garden.save()

    for port in (second, first):
        page = get(port, f"{listing}?q=lilas&tri=nom")
        assert f'href="{amap}"' in page
        assert f'href="{jardin}"' in page
    assert len(list(client.scan_iter(f"{prefix}:*directory:kept:*"))) == 1


def admin_request(
    port: int, path: str, cookies: dict[str, str], form: dict[str, str] | None = None
) -> tuple[int, str]:
    """A GET (or, with ``form``, a POST) under the admin with ``cookies``: status and body,
    redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = None
    if form is not None:
        body = "&".join(f"{k}={v}" for k, v in form.items())
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request("POST" if form is not None else "GET", path, body, headers)
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response.status, text


def test_a_curators_session_works_on_both_and_a_logout_on_one_ends_it_on_both(
    client, curator, shared_redis, two_servers
):
    redis_client, prefix = shared_redis
    first, second = two_servers
    client.force_login(curator)
    session = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    index = reverse("admin:index")
    for port in two_servers:
        status, page = admin_request(port, index, session)
        assert status == 200
        assert "Tableau de bord" in page
    # Read from the database once, then from Redis.
    assert len(list(redis_client.scan_iter(f"{prefix}:*sessions.cached_db*"))) == 1

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookies = session | {settings.CSRF_COOKIE_NAME: token}
    status, _page = admin_request(
        second, reverse("admin:logout"), cookies, {"csrfmiddlewaretoken": token}
    )
    assert status == 200
    assert list(redis_client.scan_iter(f"{prefix}:*sessions.cached_db*")) == []

    status, _page = admin_request(first, index, session)
    assert status == 302
