"""Redis down: with ``REDIS_URL`` pointing at a port where nothing listens, every page is
served from the database, contributions are accepted, and ``/health/`` names the cache.

``innovation_site.cache.FailSafeRedisCache`` takes each failure for a miss, logs it, and leaves
Redis alone for ``QUIET_SECONDS``.
"""

from __future__ import annotations

import logging

import pytest
from django.core.cache import caches
from django.urls import reverse

from directory.models import Proposal
from innovation_site import cache as fail_safe
from tests import factories
from tests.proposals.forms import PROPOSE, THANKS, proposal_data
from tests.servers import free_port

# The listing's and a detail page's queries on a cold cache (tests/test_views.py), the AMAP
# having no provenance and no relation.
LISTING_QUERIES = 5
DETAIL_QUERIES = 5


@pytest.fixture
def redis_down(settings) -> str:
    """Both caches (pages, attempts) on a Redis that is not there."""
    location = f"redis://127.0.0.1:{free_port()}/0"
    options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    settings.CACHES = {
        name: {
            "BACKEND": "innovation_site.cache.FailSafeRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": name,
            "OPTIONS": options,
        }
        for name in ("default", "attempts")
    }
    return location


@pytest.fixture
def kinds(kinds) -> dict:
    """The shared kinds, and the one the proposals choose."""
    repair = factories.KindFactory(name="Repair café", slug="repair-cafe", parent=kinds["vie"])
    return kinds | {"repair": repair}


def test_every_call_degrades_to_a_miss_and_is_logged(redis_down, caplog):
    cache = caches["default"]
    with caplog.at_level(logging.WARNING, logger="innovation_site.cache"):
        assert cache.get("page", "absent") == "absent"
    assert [record.getMessage().startswith("Cache unavailable") for record in caplog.records] == [
        True
    ]
    assert cache.set("page", "html") is None
    assert cache.add("page", "html") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("page") is False
    assert cache.delete("page") is False
    assert cache.set_many({"a": 1}) == []
    with pytest.raises(ValueError, match="not found"):
        cache.incr("attempts")


def test_redis_is_left_alone_for_a_few_seconds_after_a_failure(redis_down, monkeypatch):
    cache = caches["default"]
    assert cache.get("page") is None
    calls = []
    monkeypatch.setattr(
        fail_safe.RedisCache, "get", lambda *args, **kwargs: calls.append(args) or "cached"
    )
    assert cache.get("page") is None
    assert calls == []
    monkeypatch.setattr(cache, "down_until", 0.0)
    assert cache.get("page") == "cached"
    assert len(calls) == 1


def test_pages_are_served_from_the_database(redis_down, amap, client, django_assert_num_queries):
    """The listing and a detail page render from the database with the queries of a cold
    cache; the listing again at the next request (its facet bitsets, kept in the process's
    memory, spare it one query), where a working cache would serve it in one."""
    for queries in (LISTING_QUERIES, LISTING_QUERIES - 1):
        with django_assert_num_queries(queries):
            response = client.get(reverse("directory:initiative_list"))
        assert response.status_code == 200
        assert amap.name in response.content.decode()
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(amap.get_absolute_url())
    assert response.status_code == 200
    assert amap.name in response.content.decode()


def test_a_proposal_is_accepted(redis_down, kinds, geography, client, _curation_email):
    """The attempts go uncounted (their cache is down); the proposal is stored."""
    response = client.post(PROPOSE, proposal_data(kinds))
    assert response.status_code == 302
    assert response["Location"] == THANKS
    assert Proposal.objects.count() == 1


def test_health_names_the_cache(redis_down, client, db):
    response = client.get(reverse("directory:health"))
    assert response.status_code == 503
    assert response.json() == {"statut": "indisponible", "base": "ok", "cache": "indisponible"}
