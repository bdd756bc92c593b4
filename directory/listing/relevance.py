"""A search's results in the order of relevance, from the ranks its ids query already read, so
that a page of them is a slice rather than a ranking of every match.

Sorted by relevance, a listing is ordered by the rank of its entries' names and summaries
(``InitiativeQuerySet.ranked``: rank, then name, then id), and the entries that the search's
words rank come first (``directory.listing.state``). Choosing a page among them made
PostgreSQL rank every one again on every page: a word in a third of the entries, « rendez »,
ranks 14,849 of its 47,159 matches, and each of its pages spent 60-90 ms of SQL there (a
bitmap heap scan and a top-N sort on ``ts_rank``, then the ICU collation of the ties: 1,534
entries share its most common rank). The query that keeps a state's ids computes that same
rank for every match (``KeptRows.kept_rows``; ``directory.listing.kept_ids`` keeps it, and
reads it again for the entries an edit changes), so the order is known: sorted in Python once
per filter state and data version, by rank, then by each entry's place in PostgreSQL's own
order by name and id (``directory.listing.name_order``, the same collation), it is cached
with the facet counts, and each page takes twenty ids of it.
"""

from __future__ import annotations

from array import array

from .bitsets import members
from .kept_ids import KeptIds
from .name_order import UNRANKED, current_order


def relevance_order(ranked: int, kept: KeptIds) -> array | None:
    """The ids of the bitset ``ranked`` (published entries that ``kept`` ranks) by decreasing
    rank, then by name and id; None if ``kept`` lacks the rank of one of them (ids cached
    before their ranks were)."""
    ranks = kept.ranks()
    ids = members(ranked)
    if any(pk not in ranks for pk in ids):
        return None
    place = current_order().rank
    size = len(place)
    # By name first, then by rank: a stable sort keeps the order by name among equal ranks.
    # (Every published entry has a place; one that had none would come last of its rank.)
    ids.sort(key=lambda pk: place[pk] if pk < size else UNRANKED)
    ids.sort(key=ranks.__getitem__, reverse=True)
    return array("I", ids)
