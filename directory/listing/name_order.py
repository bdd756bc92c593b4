"""The published entries in the listing's order by name, kept by each server process for the
facets' version, to choose a page by name among known results without asking the database to
sort them.

Sorted by relevance, a common word's results past those its words rank all rank 0 and follow
by name (``directory.listing.state``): choosing page 177 of « sujet » among its 32,960 other
results made PostgreSQL read all of them and sort them by name with the ICU collation (73 ms
at 100,000 entries). With the results as a bitset (``FacetCounts.unranked``) and the ids in
name order, the page is the next twenty ids of that order found in the bitset: a walk through
the first few thousand ids, in Python, about 1 ms. The order is read from PostgreSQL itself
(``ORDER BY name, id``, the same collation), once per facets' version: a statement moves it
when it changes an entry's name or status (``directory/db/sql/facets_version.sql``), and a new
summary does not, where the data version moved on every edit. 100,000 ids read as one value
(``ORDER_SQL``), 22-38 ms, in an array of 400 KB; after a few changes (a new name, a
publication), the order is brought up to date instead (``_patched``), in 1-5 ms. Listings
sorted by name whose results are known (up to ``LISTED_BY_ID_MAX``: a kind in a département)
choose their page the same way, rather than having the database sort the results' names.

The walk reads about ``(skip + count) × entries / results`` ids of the order: for page 20 of
500 results among 100,000, 80,000 ids, 4.8 ms. Past a length it costs more than sorting the
results themselves by their place in the order (``rank``, 400 KB more): for those 500, 0.8 ms
(listing a bitset's ids costs about 0.4 ms, then each result about 0.3 µs); for 8,000 results,
2.8 ms, more than walking to their page 100 (1.9 ms). ``page_by_name`` takes the cheaper.
"""

from __future__ import annotations

import sys
import threading
from array import array

from django.db import connections

from ..models import Initiative, Status
from ..models.data_version import current_version, facets_version
from .bitsets import as_bitset, members, unpacked
from .kept_ids import changed_between

# The costs, in microseconds, that choose between walking the order and sorting the results
# (measured at 100,000 entries): one id of the order walked; listing a bitset's ids, then each
# result looked up and sorted.
WALK_PER_ID = 0.08
SORT_BASE = 600
SORT_PER_RESULT = 0.28
# In ``rank``, an id that is not in the order (not published at this facets' version).
UNRANKED = 0xFFFFFFFF


class NameOrder:
    """The published ids by name (``ids``) and, lazily, each id's place there (``rank``);
    ``version``, the data version served when they were read (None outside a public page)."""

    def __init__(self, ids: array, version: int | None = None) -> None:
        self.ids = ids
        self.version = version
        self._rank: array | None = None

    @property
    def rank(self) -> array:
        if self._rank is None:
            rank = array("I", [UNRANKED]) * ((max(self.ids) + 1) if self.ids else 0)
            for position, pk in enumerate(self.ids):
                rank[pk] = position
            self._rank = rank
        return self._rank


_current: tuple[int, NameOrder] | None = None
_lock = threading.Lock()


def name_order() -> array:
    """The ids of the published entries by name, then id, at the facets' version served."""
    return current_order().ids


def loaded_name_order() -> array | None:
    """The name order at the facets' version served if this process has already read it, else
    None (without a query)."""
    current = _current
    if current is not None and current[0] == facets_version():
        return current[1].ids
    return None


def current_order() -> NameOrder:
    """The name order at the facets' version served. One thread of the process reads it; the
    others that need it meanwhile wait for it, rather than each reading it after a change."""
    global _current
    version = facets_version()
    current = _current
    if current is not None and current[0] == version:
        return current[1]
    with _lock:
        current = _current
        if current is not None and current[0] == version:
            return current[1]
        served = current_version()
        patched = None if current is None else _patched(current[1], served)
        loaded = NameOrder(_read(), served) if patched is None else patched
        _current = (version, loaded)
    return loaded


# Up to this many entries changed since the order was read, it is brought up to date rather
# than read again.
PATCH_AT_MOST = 50

# The changed entries still published, in the order by name, each with the published entry
# that precedes it among the others (NULL: none): PostgreSQL's own order, from the index the
# order is read from (``ROW(name, id) <`` is an index condition), a few index pages each.
PLACES_SQL = """
SELECT changed.id, (
    SELECT other.id FROM directory_initiative other
    WHERE other.status = %(published)s AND (other.name, other.id) < (changed.name, changed.id)
        AND other.id <> ALL(%(changed)s)
    ORDER BY other.name DESC, other.id DESC LIMIT 1
) FROM directory_initiative changed
WHERE changed.id = ANY(%(changed)s) AND changed.status = %(published)s
ORDER BY changed.name, changed.id
"""


def _patched(order: NameOrder, served: int | None) -> NameOrder | None:
    """``order`` brought up to the data version ``served`` when few entries changed since it
    was read (a new name, a publication), else None. Only a changed entry's place moves: the
    others keep theirs among themselves. Each changed entry leaves the order, and those still
    published go back after the entry that PostgreSQL puts before them. Read again after each
    new name, the order took 20-38 ms of each process at 100,000 entries (half the edits of
    the benchmark's curator are new names); brought up to date, about 1 ms."""
    if order.version is None or served is None or served <= order.version:
        return None
    database = Initiative.objects.published().db
    changed = changed_between(database, order.version, served)
    if changed is None or len(changed) > PATCH_AT_MOST:
        return None
    raw = bytearray(order.ids.tobytes())
    for pk in changed:
        place = _place(raw, pk)
        if place is not None:
            del raw[place * ID_SIZE : (place + 1) * ID_SIZE]
    with connections[database].cursor() as cursor:
        cursor.execute(PLACES_SQL, {"published": Status.PUBLISHED, "changed": sorted(changed)})
        places = cursor.fetchall()
    inserted: set[int] = set()
    for pk, before in places:
        if before is None:
            place = 0
        else:
            found = _place(raw, before)
            if found is None:  # (never: every other published entry is in the order)
                return None
            place = found + 1
        # After the entries put there already (those follow the same one, and come first).
        while place * ID_SIZE < len(raw) and _id_at(raw, place) in inserted:
            place += 1
        raw[place * ID_SIZE : place * ID_SIZE] = pk.to_bytes(ID_SIZE, sys.byteorder)
        inserted.add(pk)
    return NameOrder(array("I", bytes(raw)), served)


ID_SIZE = array("I").itemsize


def _place(raw: bytearray, pk: int) -> int | None:
    """The place of ``pk`` in the ids ``raw`` (``array("I")``'s bytes), if it is there."""
    needle = pk.to_bytes(ID_SIZE, sys.byteorder)
    found = raw.find(needle)
    while found != -1 and found % ID_SIZE:
        found = raw.find(needle, found + 1)
    return None if found == -1 else found // ID_SIZE


def _id_at(raw: bytearray, place: int) -> int:
    return int.from_bytes(raw[place * ID_SIZE : (place + 1) * ID_SIZE], sys.byteorder)


# The ids in order as one value, 8 bytes each, big-endian: read as rows, 100,000 ids took
# 63-65 ms of Python (a tuple and an integer each), during which the process's other threads
# wait for the interpreter, and 72-84 ms in all; as this value, 7-12 ms of Python and 22-38 ms
# in all. The aggregate takes the rows in the order of the sub-select, which walks the index
# by name (the connection runs no parallel workers, which alone could interleave them):
# ``ORDER BY`` inside the aggregate would sort them again, 52 ms more on PostgreSQL 15.
ORDER_SQL = (
    "SELECT string_agg(int8send(id), ''::bytea) FROM ("
    "SELECT id FROM directory_initiative WHERE status = %s ORDER BY name, id) AS ordered"
)


def _read() -> array:
    """The published ids in the order by name, then id."""
    database = Initiative.objects.published().db
    with connections[database].cursor() as cursor:
        cursor.execute(ORDER_SQL, [Status.PUBLISHED])
        (packed,) = cursor.fetchone()
    return array("I", unpacked("q", packed))


def page_by_name(candidates: int | array, skip: int, count: int) -> list[int]:
    """The ids of ``candidates`` (a bitset, or an array of ids) that come after the first
    ``skip`` of them in the order by name, ``count`` at most, in that order."""
    order = current_order()
    total = candidates.bit_count() if isinstance(candidates, int) else len(candidates)
    if not total:
        return []
    walked = (skip + count) * len(order.ids) / total
    sorting = (SORT_BASE if isinstance(candidates, int) else 0) + SORT_PER_RESULT * total
    if walked * WALK_PER_ID > sorting:
        return _sorted_page(order, candidates, skip, count)
    return _walked_page(order, candidates, skip, count)


def _walked_page(order: NameOrder, candidates: int | array, skip: int, count: int) -> list[int]:
    """The page, walking the order from its start."""
    bits = as_bitset(candidates)
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    size = len(data)
    page: list[int] = []
    for pk in order.ids:
        index = pk >> 3
        if index < size and data[index] >> (pk & 7) & 1:
            if skip:
                skip -= 1
                continue
            page.append(pk)
            if len(page) == count:
                break
    return page


def _sorted_page(order: NameOrder, candidates: int | array, skip: int, count: int) -> list[int]:
    """The page, sorting every candidate by its place in the order."""
    rank = order.rank
    size = len(rank)
    ids = members(candidates) if isinstance(candidates, int) else candidates
    places = sorted(rank[pk] for pk in ids if pk < size)
    return [order.ids[place] for place in places[skip : skip + count] if place != UNRANKED]


def forget() -> None:
    """Drop this process's order (the tests do, as for the facets' bitsets)."""
    global _current
    _current = None
