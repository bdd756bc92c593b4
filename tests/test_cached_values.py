"""Values cached for the data version (reference lists, thesaurus): each process keeps its copy
while the shared cache holds the same computation, and only then."""

import datetime

from django.core.cache import cache

from directory.models.data_version import Versions, cached, serving

VERSION = Versions(version=912_345, changed_at=datetime.datetime(2026, 12, 4), facets_version=7)


class Computation:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> list[str]:
        self.calls += 1
        return [f"computed {self.calls}"]


def test_a_process_reads_its_own_copy_while_the_cache_holds_its_computation():
    compute = Computation()
    with serving(VERSION):
        first = cached("test-values", compute)
        again = cached("test-values", compute)
    assert first == ["computed 1"]
    assert again is first
    assert compute.calls == 1


def test_a_cleared_cache_computes_the_value_again():
    compute = Computation()
    with serving(VERSION):
        cached("test-values", compute)
        cache.clear()
        after = cached("test-values", compute)
    assert after == ["computed 2"]
    assert compute.calls == 2


def test_a_value_another_process_stored_replaces_the_copy():
    compute = Computation()
    with serving(VERSION):
        cached("test-values", compute)
        # Another process computed it again (its cache entry had expired there) and stored it.
        key = f"directory:test-values:{VERSION.version}"
        cache.set_many({key: ("another", ["from elsewhere"]), f"{key}:token": "another"})
        after = cached("test-values", compute)
    assert after == ["from elsewhere"]
    assert compute.calls == 1


def test_another_data_version_computes_its_own_value():
    compute = Computation()
    with serving(VERSION):
        cached("test-values", compute)
    with serving(VERSION._replace(version=VERSION.version + 1)):
        after = cached("test-values", compute)
    assert after == ["computed 2"]


def test_outside_a_public_page_the_value_is_computed_each_time():
    compute = Computation()
    cached("test-values", compute)
    assert cached("test-values", compute) == ["computed 2"]
