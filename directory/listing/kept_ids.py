"""The ids that a filter state's filters other than facets keep (a search, a commune, around a
place, the verified ones, those open now), cached across data versions and brought up to date
after an edit by reading again only the entries that changed.

The facet counts start from those ids (``directory.listing.facets``). Their query is the one
costly part of a search's counts: a word found in half the entries took 40-90 ms of SQL at
100,000 entries. Cached for the data version, they were read again for every state after each
edit, and with a curator at work (an edit a second) the mix of long-tail pages kept 44-75 % of
its rate. Now the ids stay cached under their query alone, with the version they were read
at. At a later version, the log of changes (``directory/db/sql/changes.sql``) names the
entries written since; the same query runs for those entries only (an index lookup each),
and its rows replace theirs. More than ``PATCH_AT_MOST`` entries, a bulk statement, or a log
too old (the cache keeps ids for an hour, the log a day), and the ids are read again.

A search that also compares names for typos does so only when its full text finds fewer than
``COMPARE_NAMES_BELOW`` entries (``directory.listing.kept``), a condition over all of them:
when an edit crosses that line, its ids are read again too.
"""

from __future__ import annotations

import hashlib
import zlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import compress

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from ..db.fulltext import RANKED_ABOVE
from ..models.data_version import current_version
from .bitsets import PATCH_AT_MOST, Ids, as_bitset, bitset, compact, members, unpacked

# Below the log's retention (a day, changes.sql), so that a cached state's log is whole.
KEPT_SECONDS = min(settings.PAGE_CACHE_SECONDS, 3600)

# From this many ranked entries, their ranks are kept, and a state's ranked results are kept
# in order (``directory.listing.relevance``). Fewer, PostgreSQL ranks them on each page in a
# few milliseconds, and the order would only take room: kept for every state, the orders and
# ranks of the benchmark's rare words raised a worker's memory from 138-139 MB to 155 MB in
# paired runs of ``make bench`` (README, Performance).
RANKS_FROM = 1000

# What ``changed_between`` caches for a span that changed every entry.
EVERYTHING = "every entry"
CHANGES_SQL = (
    "SELECT initiative_id FROM directory_change WHERE version > %s AND version <= %s LIMIT %s"
)


@dataclass(frozen=True)
class KeptIds:
    """The rows of a state's ids query at ``version``: the entries its full text finds (or
    that its filters keep, without a search), those found only by comparing names, and those
    its search's words rank above ``RANKED_ABOVE``, with their ranks (``ranks``: PostgreSQL's
    ``real``, which an ``array("f")`` holds exactly, in the order of the ranked entries' ids,
    compressed: a common word's 14,849 ranks take 15 KB, where ids and ranks side by side took
    119 KB in each process's cache)."""

    version: int
    exact: Ids
    compared: Ids
    ranked: Ids
    ranks: bytes = b""
    # The version since which the ids above (and the ranks, where kept) have been the same: an
    # edit that changes none of them keeps it, so that a state's counts, computed from them,
    # still hold (``directory.listing.facets``).
    since: int = 0

    def exact_bits(self) -> int:
        return as_bitset(self.exact)

    def compared_bits(self) -> int:
        return as_bitset(self.compared)

    def ranked_bits(self) -> int:
        return as_bitset(self.ranked)

    def rank_values(self) -> array:
        """The ranks of the ranked entries, in the order of their ids."""
        values = array("f")
        if self.ranks:
            values.frombytes(zlib.decompress(self.ranks))
        return values


Statement = tuple[str, str, tuple]


def kept_ids(
    statement: Statement,
    compares_names: Callable[[int], bool] | None = None,
    by_text: tuple[str, tuple] | None = None,
) -> KeptIds:
    """The rows of ``statement`` (database alias, SQL, parameters: ``(pk, found_by_text,
    rank)`` rows) at the data version served. ``compares_names``: for a search
    that may compare names, whether it does given how many entries its full text finds
    (``InitiativeFilter.compares_names_given``); ``by_text``, the SQL and parameters of its
    rows found by full text alone (``KeptRows.kept_rows_by_text``)."""
    version = current_version()
    if version is None:
        return _read(statement, 0)
    database, sql, params = statement
    digest = hashlib.sha256(repr((database, sql, params)).encode()).hexdigest()[:32]
    key = f"directory:kept:{digest}"
    kept = cache.get(key)
    if kept is not None and kept.version >= version:
        return kept
    patched = None if kept is None else _patched(kept, statement, version, compares_names, by_text)
    kept = _read(statement, version) if patched is None else patched
    cache.set(key, kept, KEPT_SECONDS)
    return kept


# A statement's rows as four values, each its entries' ids or ranks side by side in binary
# (big-endian): those found by full text, those found by comparing names, those ranked, and
# their ranks, both in the order of their ids. Each row made a Python tuple, then went to a
# list: a common word's 47,159 rows took 40-60 ms of a process, as long as the query itself.
READ_SQL = (
    "SELECT string_agg(int8send(pk::int8), ''::bytea) FILTER (WHERE by_text),"
    " string_agg(int8send(pk::int8), ''::bytea) FILTER (WHERE NOT by_text),"
    " string_agg(int8send(pk::int8), ''::bytea ORDER BY pk) FILTER (WHERE rank > %s),"
    " string_agg(float4send(rank::float4), ''::bytea ORDER BY pk) FILTER (WHERE rank > %s)"
    " FROM ("
)
READ_SQL_END = ") AS state (pk, by_text, rank)"


def _read(statement: Statement, version: int) -> KeptIds:
    database, sql, params = statement
    with connections[database].cursor() as cursor:
        cursor.execute(READ_SQL + sql + READ_SQL_END, (RANKED_ABOVE, RANKED_ABOVE, *params))
        found, close, rank_ids, ranks = cursor.fetchone()
    in_order = unpacked("f", ranks)
    return KeptIds(
        version=version,
        exact=compact(bitset(unpacked("q", found))),
        compared=compact(bitset(unpacked("q", close))),
        ranked=compact(bitset(unpacked("q", rank_ids))),
        ranks=zlib.compress(in_order.tobytes(), 1) if len(in_order) >= RANKS_FROM else b"",
        since=version,
    )


def _from_rows(
    version: int,
    rows: Iterable[tuple],
    exact: int,
    compared: int,
    rank_ids: array | None = None,
    ranks: array | None = None,
) -> KeptIds:
    """The ids of the entries not read again (``exact``, ``compared``, and those ranked with
    their ranks) with ``rows``'s."""
    found: list[int] = []
    close: list[int] = []
    rank_ids = array("I") if rank_ids is None else rank_ids
    ranks = array("f") if ranks is None else ranks
    for pk, by_text, rank in rows:
        (found if by_text else close).append(pk)
        if rank > RANKED_ABOVE:
            rank_ids.append(pk)
            ranks.append(rank)
    by_id = sorted(range(len(rank_ids)), key=rank_ids.__getitem__)
    in_order = array("f", (ranks[index] for index in by_id))
    return KeptIds(
        version=version,
        exact=compact(exact | bitset(found)),
        compared=compact(compared | bitset(close)),
        ranked=compact(bitset(rank_ids)),
        ranks=zlib.compress(in_order.tobytes(), 1) if len(in_order) >= RANKS_FROM else b"",
        since=version,
    )


def changed_between(database: str, since: int, version: int) -> frozenset[int] | None:
    """The entries that the data versions after ``since`` up to ``version`` changed, or None
    when they changed more than ``PATCH_AT_MOST`` or every entry (a bulk statement).

    The log of versions up to the one served is complete and never changes (a version and its
    log are committed together), so it is cached for each span: every filter state brought
    from one version to the next asks it once, not once a state (after an edit, each process
    brings some twenty states up to date in its next second of the benchmark's mix)."""
    key = f"directory:changed:{database}:{since}:{version}"
    found = cache.get(key)
    if found is not None:
        return None if found == EVERYTHING else found
    with connections[database].cursor() as cursor:
        cursor.execute(CHANGES_SQL, (since, version, PATCH_AT_MOST + 1))
        changed = frozenset(pk for (pk,) in cursor.fetchall())
    everything = len(changed) > PATCH_AT_MOST or None in changed
    cache.set(key, EVERYTHING if everything else changed, KEPT_SECONDS)
    return None if everything else changed


def _patched(
    kept: KeptIds,
    statement: Statement,
    version: int,
    compares_names: Callable[[int], bool] | None,
    by_text: tuple[str, tuple] | None = None,
) -> KeptIds | None:
    """``kept`` brought to ``version`` with the rows of the entries changed since, or None
    when it must be read again.

    A search that compares no names (its full text finds ``COMPARE_NAMES_BELOW`` entries or
    more) reads them with ``by_text``, its full text alone: its statement would check again
    whether the full text finds that many, reading every match from the index (3-4 ms of a
    patch's 4.4, for a word in a third of the entries), and should the patch bring it below,
    ``_checked`` has its ids read again."""
    database, sql, params = statement
    changed = changed_between(database, kept.version, version)
    if changed is None:
        return None
    if not changed:
        return replace(kept, version=version)
    exact = kept.exact_bits()
    if by_text is not None and compares_names is not None and not compares_names(exact.bit_count()):
        sql, params = by_text
    with connections[database].cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM ({sql}) AS kept (pk, by_text, rank) WHERE pk = ANY(%s)",
            (*params, sorted(changed)),
        )
        rows = cursor.fetchall()
    changed_bits = bitset(changed)
    others = ~changed_bits
    if not kept.ranked_bits() & changed_bits and not any(
        rank > RANKED_ABOVE for _, _, rank in rows
    ):
        # The edit changed none of the ranked entries (an edit touches one entry, which most
        # states do not rank): their ids and ranks stay as they are, neither listed nor sorted
        # again.
        patched = replace(
            _from_rows(version, rows, exact & others, kept.compared_bits() & others),
            ranked=kept.ranked,
            ranks=kept.ranks,
        )
        return _checked(_kept_since(patched, kept), exact, compares_names)
    rank_ids = array("I", members(kept.ranked_bits()))
    ranks = kept.rank_values()
    # Fewer than RANKS_FROM, their ranks were not kept: zeros stand for them, and the patch is
    # given up if it brings them to RANKS_FROM (below).
    known = len(ranks) == len(rank_ids)
    if not known:
        ranks = array("f", bytes(4 * len(rank_ids)))
    if kept.ranked_bits() & changed_bits:
        unchanged = [pk not in changed for pk in rank_ids]
        rank_ids = array("I", compress(rank_ids, unchanged))
        ranks = array("f", compress(ranks, unchanged))
    patched = _from_rows(
        version, rows, exact & others, kept.compared_bits() & others, rank_ids, ranks
    )
    if not known and patched.ranks:
        return None
    return _checked(_kept_since(patched, kept), exact, compares_names)


def _kept_since(patched: KeptIds, kept: KeptIds) -> KeptIds:
    """``patched``, with ``kept``'s ``since`` when its rows are the same (an edit of an entry
    that the state neither keeps nor ranks, or that it keeps as it was)."""
    same = (patched.exact, patched.compared, patched.ranked, patched.ranks) == (
        kept.exact,
        kept.compared,
        kept.ranked,
        kept.ranks,
    )
    return replace(patched, since=kept.since) if same else patched


def _checked(
    patched: KeptIds, exact: int, compares_names: Callable[[int], bool] | None
) -> KeptIds | None:
    """``patched``, or None when the patch crossed the line at which a search compares names
    (its ids are then read again)."""
    if compares_names is not None:
        before, after = exact.bit_count(), patched.exact_bits().bit_count()
        if compares_names(before) != compares_names(after):
            return None
    return patched
