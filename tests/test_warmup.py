"""What a server process builds before its first visitor (``directory.public.warmup``)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.template import engines

from directory.listing import bitsets, name_order
from directory.public import warmup
from tests import factories

pytestmark = pytest.mark.django_db


class Connections:
    """The process's connections, closed before a fork: here, only counted."""

    def __init__(self) -> None:
        self.closed = 0

    def close_all(self) -> None:
        self.closed += 1


@pytest.fixture
def connections(monkeypatch) -> Connections:
    stub = Connections()
    monkeypatch.setattr(warmup, "connections", stub)
    return stub


def test_the_first_requests_find_the_bitsets_and_the_order_built(connections):
    entries = [factories.InitiativeFactory(name=name) for name in ("Zèbre", "Abeille", "Merle")]
    bitsets.forget()
    name_order.forget()

    assert warmup.warm_up() > 0

    by_name = [entries[1].pk, entries[2].pk, entries[0].pk]
    assert list(name_order.loaded_name_order() or []) == by_name
    assert bitsets.members(bitsets.facet_bitsets().published) == sorted(by_name)
    assert connections.closed == 1


def test_the_templates_are_compiled_once(connections, monkeypatch):
    compiled: list[str] = []
    engine = engines["django"]
    get_template = engine.get_template
    monkeypatch.setattr(
        engine, "get_template", lambda name: compiled.append(name) or get_template(name)
    )

    warmup.warm_up()

    assert compiled == list(warmup.TEMPLATES)


def test_a_database_that_cannot_be_read_leaves_it_to_the_first_requests(connections, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(warmup, "published_hours", unreachable)
    bitsets.forget()

    warmup.warm_up()

    assert bitsets._current is None
    assert connections.closed == 1
