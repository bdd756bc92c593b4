"""What a page shows of an entry from what is already loaded: its categories in order, its
main place. No query."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .reference import Category

# An entry (``directory.models.Initiative``, which imports the module that imports this one).
Entry = Any


def entry_categories(category_ids: Iterable[int], by_id: dict[int, Category]) -> list[Category]:
    """An entry's categories from its ``category_ids`` (its kinds with their domains) and the
    categories already loaded, by id: its kinds, then the domains it was filed under directly.
    No query."""
    chosen = [by_id[pk] for pk in category_ids if pk in by_id]
    kinds = [category for category in chosen if category.parent_id is not None]
    domains_of_kinds = {category.parent_id for category in kinds}
    return kinds + [
        category
        for category in chosen
        if category.parent_id is None and category.pk not in domains_of_kinds
    ]


def attach_categories(initiatives: Iterable[Entry], categories: Iterable[Category]) -> None:
    """Set ``card_categories`` on each entry (``entry_categories``). No query."""
    by_id = {category.pk: category for category in categories}
    for initiative in initiatives:
        initiative.card_categories = entry_categories(initiative.category_ids, by_id)


def main_place(initiative: Entry):
    """The entry's primary place, else its first (places loaded by ``for_detail()`` or
    ``for_page()``)."""
    places = list(initiative.locations.all())
    return next((place for place in places if place.is_primary), places[0] if places else None)
