"""Weighted random choice, the building block of the generator's distributions."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Picks items at random in proportion to their weights (zero weights are dropped)."""

    def __init__(self, weighted_items: Iterable[tuple[T, float]]) -> None:
        pairs = [(item, weight) for item, weight in weighted_items if weight > 0]
        if not pairs:
            raise ValueError("Weighted needs at least one item with a positive weight.")
        self.items = [item for item, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]

    def pick_distinct(self, rng: random.Random, k: int) -> list[T]:
        """Up to ``k`` different items, the heavier ones more often."""
        chosen: list[T] = []
        k = min(k, len(self.items))
        while len(chosen) < k:
            item = self.pick(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen
