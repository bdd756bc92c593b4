"""A page in the order by name, chosen among known results (``directory.listing.name_order``):
walking the order or sorting the results gives the same page."""

from array import array

import pytest

from directory.listing import name_order
from directory.listing.bitsets import bitset
from directory.models import Initiative
from tests import factories

pytestmark = pytest.mark.django_db

NAMES = ["Bois", "Atelier", "Jardin", "Ferme", "Cantine", "Épicerie", "Dépôt", "Garage", "Halle"]


@pytest.fixture
def entries():
    made = {name: factories.InitiativeFactory(name=name) for name in NAMES}
    factories.DraftInitiativeFactory(name="Brouillon")
    return made


@pytest.mark.parametrize("strategy", ["walk", "sort"])
def test_each_way_gives_the_pages_in_french_alphabetical_order(entries, monkeypatch, strategy):
    # Walking costs nothing (the walk is chosen), or everything (the sort is).
    monkeypatch.setattr(name_order, "WALK_PER_ID", 0 if strategy == "walk" else 10**9)
    chosen = [entries[name].pk for name in ("Bois", "Épicerie", "Garage", "Atelier", "Halle")]
    draft = Initiative.objects.get(name="Brouillon").pk

    def names(ids: list[int]) -> list[str]:
        by_pk = dict(Initiative.objects.values_list("pk", "name"))
        return [by_pk[pk] for pk in ids]

    for candidates in (bitset(chosen), array("I", sorted(chosen)), bitset([*chosen, draft])):
        pages = [name_order.page_by_name(candidates, skip, 2) for skip in (0, 2, 4, 6)]
        assert [names(page) for page in pages] == [
            ["Atelier", "Bois"],
            ["Épicerie", "Garage"],
            ["Halle"],
            [],
        ]


def test_no_candidate_gives_an_empty_page(entries):
    assert name_order.page_by_name(0, 0, 20) == []
    assert name_order.page_by_name(array("I"), 0, 20) == []
