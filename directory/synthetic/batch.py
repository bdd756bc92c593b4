"""A batch of synthetic rows for ``COPY``: what the generator's loop hands to a writer
(``directory.synthetic.loading``, ``directory.synthetic.parallel``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Batch:
    """One batch of rows for ``COPY``: entries, their places and kind links (the source link
    of each entry is its id's)."""

    ids: list[int]
    initiatives: list[list[Any]]
    locations: list[list[Any]]
    links: list[tuple[int, int]]


@dataclass
class Written:
    """How many entries, places and kind links were written so far."""

    entries: int = 0
    places: int = 0
    links: int = 0

    def add(self, batch: Batch) -> int:
        """Count ``batch`` as written; return the entries written so far."""
        self.entries += len(batch.ids)
        self.places += len(batch.locations)
        self.links += len(batch.links)
        return self.entries
