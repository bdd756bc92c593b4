"""Public reads from a replica (``DATABASE_REPLICA_URL``), everything else on the primary
(directory/db/routers.py, directory/public/caching.py).

The test run's ``replica`` alias is the test database itself (a TEST MIRROR, see
tests/plugin.py), reached through a connection of its own: the tests see which connection ran
each query. Those that serve pages are transactional, so that both connections see the rows.
A replica that lags is imitated by a REPEATABLE READ transaction on the replica's connection,
opened before an edit: that connection goes on seeing the data as they were.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.db.routers import REPLICA, PrimaryReplicaRouter, primary_reads, replica_reads
from directory.models import DataVersion, Initiative

ROUTER = "directory.db.routers.PrimaryReplicaRouter"
DETAIL = reverse("directory:initiative", kwargs={"slug": "amap-des-lilas"})


@pytest.fixture
def routed(settings) -> None:
    """The router on, as the settings install it with ``DATABASE_REPLICA_URL``."""
    settings.DATABASE_ROUTERS = [ROUTER]


class Queries:
    """The queries run on the primary and on the replica within a block."""

    def __init__(self) -> None:
        self.primary = CaptureQueriesContext(connections[DEFAULT_DB_ALIAS])
        self.replica = CaptureQueriesContext(connections[REPLICA])

    def __enter__(self) -> Queries:
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


# --- The router's decisions --------------------------------------------------------------------


def test_reads_go_to_the_primary_outside_a_public_page():
    assert PrimaryReplicaRouter().db_for_read(Initiative) == DEFAULT_DB_ALIAS


def test_reads_go_to_the_replica_inside_replica_reads():
    with replica_reads():
        assert PrimaryReplicaRouter().db_for_read(Initiative) == REPLICA
    assert PrimaryReplicaRouter().db_for_read(Initiative) == DEFAULT_DB_ALIAS


def test_writes_always_go_to_the_primary_and_reads_follow_them_there():
    router = PrimaryReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Initiative) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Initiative) == DEFAULT_DB_ALIAS
    with replica_reads():  # the next page starts on the replica again
        assert router.db_for_read(Initiative) == REPLICA


def test_primary_reads_wins_inside_replica_reads():
    with replica_reads(), primary_reads():
        assert PrimaryReplicaRouter().db_for_read(Initiative) == DEFAULT_DB_ALIAS


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(routed):
    with replica_reads():
        assert Initiative.objects.all().db == REPLICA
        with transaction.atomic():
            assert Initiative.objects.all().db == DEFAULT_DB_ALIAS


def test_migrations_run_on_the_primary_only():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "directory") is True
    assert router.allow_migrate(REPLICA, "directory") is False


def test_the_replica_is_a_mirror_of_the_test_database():
    replica = connections[REPLICA].settings_dict
    assert replica["TEST"]["MIRROR"] == DEFAULT_DB_ALIAS
    assert replica["NAME"] == connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]


# --- Pages -------------------------------------------------------------------------------------

pages = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@pytest.fixture
def lagging_replica() -> Iterator[None]:
    """The replica's connection sees the data as they are now, whatever is written later."""
    with transaction.atomic(using=REPLICA):
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT version FROM directory_data_version")
        yield


def page_query_count(client) -> int:
    """The queries of the detail page rendered on a cache miss, on one database."""
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as queries:
        assert client.get(DETAIL).status_code == 200
    return len(queries)


@pages
def test_a_page_missing_from_the_cache_is_rendered_from_the_replica(client, initiative, settings):
    alone = page_query_count(client)  # the version, then the page's own queries
    for each in caches.all():
        each.clear()
    settings.DATABASE_ROUTERS = [ROUTER]
    with Queries() as queries:
        response = client.get(DETAIL)
    assert "AMAP des Lilas" in response.content.decode()
    # The version from the primary; the replica's version, then the page, from the replica.
    assert len(queries.primary) == 1
    assert "directory_data_version" in queries.primary[0]["sql"]
    assert len(queries.replica) == alone


@pages
def test_a_cached_page_costs_one_query_on_the_primary_and_none_on_the_replica(
    client, initiative, routed
):
    client.get(DETAIL)
    with Queries() as queries:
        response = client.get(DETAIL)
    assert "AMAP des Lilas" in response.content.decode()
    assert (len(queries.primary), len(queries.replica)) == (1, 0)


@pages
def test_an_edit_shows_at_once_through_the_replica(client, initiative, routed):
    client.get(DETAIL)
    initiative.name = "AMAP des Lilas et des Murs"
    initiative.save()
    with Queries() as queries:
        response = client.get(DETAIL)
    assert "AMAP des Lilas et des Murs" in response.content.decode()
    assert len(queries.primary) == 1
    assert len(queries.replica) > 1


@pages
def test_a_lagging_replica_sends_the_page_to_the_primary(
    client, initiative, routed, lagging_replica
):
    client.get(DETAIL)
    initiative.name = "AMAP des Lilas et des Murs"
    initiative.save()
    with Queries() as queries:
        response = client.get(DETAIL)
    # Not the old name under the new version's key: the page is the primary's.
    assert "AMAP des Lilas et des Murs" in response.content.decode()
    assert len(queries.replica) == 1  # its version only, found behind
    assert len(queries.primary) > 1


@pages
def test_a_curator_reads_everything_from_the_primary(client, initiative, curator, routed):
    client.force_login(curator)
    with Queries() as queries:
        assert client.get(DETAIL).status_code == 200
        assert client.get(reverse("admin:directory_initiative_changelist")).status_code == 200
    assert len(queries.replica) == 0
    assert len(queries.primary) > 2


@pages
def test_the_data_version_is_read_from_the_primary(client, initiative, routed):
    with replica_reads():
        assert DataVersion.objects.all().db == REPLICA
    with Queries() as queries:
        client.get(DETAIL)
    assert "directory_data_version" in queries.primary[0]["sql"]


@pages
def test_an_unreachable_replica_sends_the_page_to_the_primary(
    client, initiative, routed, monkeypatch
):
    replica = connections[REPLICA]
    replica.close()
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setitem(replica.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(replica.settings_dict, "PORT", port)
    try:
        response = client.get(DETAIL)
    finally:
        replica.close()
    assert response.status_code == 200
    assert "AMAP des Lilas" in response.content.decode()
