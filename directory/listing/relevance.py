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

from . import kept_ids
from .bitsets import members
from .kept_ids import KeptIds
from .name_order import UNRANKED, current_order


def relevance_order(ranked: int, kept: KeptIds) -> array | None:
    """The ids of the bitset ``ranked`` (published entries that ``kept`` ranks) by decreasing
    rank, then by name and id; None for fewer than ``RANKS_FROM``, or if ``kept`` lacks the
    rank of one of them (ids cached before their ranks were, or fewer than ``RANKS_FROM``
    ranked in all) or the name order lacks one (which never happens at a data version).

    Each entry sorts by one integer: the bits of its rank (a positive ``real``, whose bits
    as an unsigned integer order as its values), complemented to come first when higher, then
    its place by name. No dictionary nor tuple per entry: a common word's 17,373 entries take
    some 0.8 MB while they are sorted (the workers' memory has a ceiling, README)."""
    if ranked.bit_count() < kept_ids.RANKS_FROM:
        return None
    rank_ids = members(kept.ranked_bits())
    rank_bits = array("I", kept.rank_values().tobytes())
    if len(rank_bits) != len(rank_ids):
        return None
    order = current_order()
    place, names = order.rank, order.ids
    size = len(place)
    wanted = ranked.to_bytes((ranked.bit_length() + 7) // 8, "little")
    length = len(wanted)
    keys = sorted(
        (0xFFFFFFFF - bits) << 32 | (place[pk] if pk < size else UNRANKED)
        for pk, bits in zip(rank_ids, rank_bits, strict=True)
        if pk >> 3 < length and wanted[pk >> 3] >> (pk & 7) & 1
    )
    if len(keys) != ranked.bit_count() or (keys and keys[-1] & 0xFFFFFFFF == UNRANKED):
        return None
    return array("I", (names[key & 0xFFFFFFFF] for key in keys))
