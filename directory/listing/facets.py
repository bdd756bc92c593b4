"""Facet counts: beside each filter option, how many results choosing it would give.

Options of one filter are alternatives, different filters combine: the counts of a filter's
options come from the listing filtered by every *other* filter. They are counted on bitsets
(``directory.listing.bitsets``): the facet filters (categories, départements, legal forms,
principles, scopes, and the relations ``membre_de``, ``accompagne_par``, ``accepte``) and a
landing page's own category or département are bitsets already;
the other filters (search, commune, around a place, verification, years) are read from the
database as the ids of the entries they keep, in one query, when any is in force.

The facets on how to join (distribution days, ages taken, current availability) are bitsets
too, each option read with the SQL condition its filter applies (``directory.models.
join_queryset.option_sql``).

The counts depend on the validated filters only, not on the page, the sort or unknown
parameters: they are cached for the current data version under a digest of the filter state,
so one computation serves every page and every sort of it (one entry a state, which the counts
of the next data version replace, or keep when the edit changed nothing they read: ``_cached``).
The state is the cleaned values
(``KeptRows.kept_state``), so that counts already cached need no query built; a filter that
reads the clock (``verifie``, ``ouvert``) is keyed by its SQL instead. The ids the query keeps are
cached apart, across data versions, and after an edit only the entries it changed are read
again (``directory.listing.kept_ids``).
"""

from __future__ import annotations

import hashlib
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import reduce
from operator import and_

from django.conf import settings
from django.core.cache import cache
from django.db import router
from django.utils import timezone

from ..hours import clock
from ..models import Initiative
from ..models.data_version import current_version, facets_version
from .bitsets import FACETS, as_bitset, bitset, compact, facet_bitsets, members
from .filters import InitiativeFilter
from .hours import OPEN_NOW, open_count, states_until
from .kept_ids import KeptIds, changed_between, kept_ids
from .relevance import relevance_order

# The open-now filter's one option is counted among the results (``directory.listing.hours``).
OPEN_NOW_FACET = "ouvert"

__all__ = ["FACETS", "LISTED_BY_ID_MAX", "FacetCounts", "facet_counts"]

# A new prefix if what is stored changes, so that a shared cache never serves an older form.
COUNTS_PREFIX = "directory:facets:v4:"

# Up to this many results, a listing's page is chosen among their ids, known from the counts
# (directory.listing.state).
LISTED_BY_ID_MAX = 10_000

# The statements of the filter states' ids, compiled once per process: (state, texts searched)
# -> (model, SQL, parameters, ...), the model None for a state that keeps every published entry.
# The oldest goes beyond STATEMENTS_KEPT (some 1-4 KB each).
STATEMENTS_KEPT = 2000
# With, for a search that may compare names, the statement of the rows its full text finds
# alone (``kept_rows_by_text``), with which its ids are brought up to date (``kept_ids``).
Compiled = tuple[type | None, str, tuple, tuple[str, tuple] | None]
_statements: dict[tuple, Compiled] = {}
_statements_lock = threading.Lock()


@dataclass
class FacetCounts:
    """Counts per facet and option key (category or département id, choice value), the total,
    whether a search also compared names for typos (see ``InitiativeFilter``), and the
    results themselves as a bitset."""

    total: int
    counts: dict[str, dict[str, int]]
    compares_names: bool = False
    # Up to LISTED_BY_ID_MAX results: their ids, as a bitset or an array, whichever is smaller
    # (these counts are cached for every filter state that needed a query).
    results: int | array | None = None
    # Sorted by relevance, the results that the search's words rank (above ``RANKED_ABOVE``,
    # which puts them first): their ids, as a bitset; above LISTED_BY_ID_MAX of them, only
    # with ``by_relevance``.
    ranked: int | None = None
    # Their ids in the order of relevance (rank, then name: ``directory.listing.relevance``),
    # when the results are published entries: a page of them is a slice.
    by_relevance: array | None = None
    # With ``ranked`` and more than LISTED_BY_ID_MAX results (not kept above), the other
    # results (all rank 0, by name), as a bitset: pages past the ranked ones are chosen there
    # (``directory.listing.name_order``). Fewer, they are the kept results less the ranked.
    unranked: int | None = None
    # Whether the results are every published entry (no filter, no landing page's scope).
    every_published: bool = False
    # What they were computed from, when cached at a data version (``_cached``): the same
    # basis, the same counts, whatever the data version (the filter panel is keyed by it).
    basis: tuple[int, int | None] | None = None

    def unranked_results(self) -> int | None:
        """The results that the search's words do not rank, as a bitset, when known."""
        if self.unranked is not None or self.ranked is None or self.results is None:
            return self.unranked
        return as_bitset(self.results) & ~self.ranked

    def result_ids(self) -> list[int] | None:
        """The ids of the filtered listing's entries, when there are at most
        ``LISTED_BY_ID_MAX``."""
        if self.results is None:
            return None
        if isinstance(self.results, int):
            return members(self.results)
        return self.results.tolist()

    def ranked_ids(self) -> list[int] | None:
        """The ids of the results that come first in the order of relevance, ranked by the
        search's words (when they are at most ``LISTED_BY_ID_MAX``)."""
        return None if self.ranked is None else members(self.ranked)

    def get(self, facet: str, key: object) -> int:
        return self.counts.get(facet, {}).get(str(key), 0)


def facet_counts(
    filterset: InitiativeFilter, facets: tuple[str, ...] = (*FACETS, OPEN_NOW_FACET)
) -> FacetCounts:
    """The counts of ``facets`` (all by default) and the total of the filtered listing. An
    unbound FilterSet gives the counts over its whole scope (the home page's domains and
    départements)."""
    local = clock.local()
    # Until the next change of an open state, the open-now count stays.
    until = states_until(local) if OPEN_NOW_FACET in facets else None
    # (The day too: what availability counts as current changes with it.)
    today = timezone.localdate()
    selection = sorted(filterset.facet_selection().items())
    state = filterset.kept_state()
    if state is not None:
        # The filter state stands for the SQL: nothing is built for counts already cached.
        digest = _digest(("state", state, selection, facets, until, today))
        result = _cached(digest, lambda: _kept_by(filterset, state), filterset, facets, local)
    else:
        rows = filterset.kept_rows()
        if rows is None:
            result = _count(filterset, facets, None, local)
        else:
            sql, params = rows.query.sql_with_params()
            digest = _digest((sql, params, selection, facets, until, today))
            result = _cached(
                digest, lambda: _kept(filterset, rows.db, sql, params), filterset, facets, local
            )
    filterset.decided_compares_names(result.compares_names)
    return result


def _digest(state: tuple) -> str:
    return hashlib.sha256(repr(state).encode()).hexdigest()[:32]


def _cached(
    digest: str,
    kept: Callable[[], KeptIds | None],
    filterset: InitiativeFilter,
    facets: tuple[str, ...],
    local,
) -> FacetCounts:
    """The counts of a filter state, cached once (at most one entry a state, which the next
    data version's counts replace) with the data version they were served at and what they
    were computed from (their ``basis``): the bitsets' content (``FacetBitsets.
    content_version``) and, where filters other than facets keep ids, the version since which
    those have been the same (``KeptIds.since``); and, for an order of relevance, the facets'
    version, which moves with names (ties follow by name).

    At another data version, the counts are computed again only when their basis moved: an
    edit that changes no facet or hours (a summary, a website, a name no relation points to)
    and none of the ids the state keeps leaves them as they were; after a new name, only the
    order of relevance is sorted again, and only if it ranks an entry changed since
    (``_names_moved``). Computed again for every state after each edit, a
    common word's counts and order of relevance took 10-30 ms in each process, and half the
    edits of the benchmark's curator are new names."""
    version = current_version()
    if version is None:
        return _count(filterset, facets, kept(), local)
    key = f"{COUNTS_PREFIX}{digest}"
    stored = cache.get(key)
    if stored is not None and stored[0] == version:
        return stored[2]
    ids = kept()
    basis = (facet_bitsets().content_version, None if ids is None else ids.since)
    names = facets_version()
    result: FacetCounts | None = None
    if stored is not None and stored[2].basis == basis:
        result = stored[2]
        if (
            result.by_relevance is not None
            and stored[1] != names
            and ids is not None
            and _names_moved(result.ranked or 0, stored[0], version)
        ):
            by_relevance = relevance_order(result.ranked or 0, ids)
            result = None if by_relevance is None else replace(result, by_relevance=by_relevance)
    if result is None:
        result = _count(filterset, facets, ids, local)
        result.basis = basis
    cache.set(key, (version, names, result), settings.PAGE_CACHE_SECONDS)
    return result


def _names_moved(ranked: int, since: int, version: int) -> bool:
    """Whether the data versions after ``since`` up to ``version`` may have moved one of the
    ``ranked`` entries in the order by name: only a changed entry's place there moves (the
    others keep theirs among themselves), so an order of relevance that ranks none of them
    stays as it was sorted. Sorted again after each new name, a common word's took 3-11 ms
    in each process, where the entry renamed is rarely one it ranks (a name it ranks changes
    the entry's rank, and its counts are computed again)."""
    changed = changed_between(router.db_for_read(Initiative), since, version)
    return changed is None or bool(bitset(changed) & ranked)


def _kept_by(filterset: InitiativeFilter, state: tuple) -> KeptIds | None:
    """The database's ids of what the filters other than facets keep, if any, for the filter
    state ``state`` (``kept_state()``), whose statement the process compiles once.

    Its SQL depends on the state and on what the search looks for with the thesaurus
    (``ParsedQuery.searched``), not on the data version: after each edit, every state's ids are
    brought up to date on its next visit (``kept_ids``), and building and compiling its
    queryset each time took 1.5-3 ms of each state's 4-5 ms, in each process, after each edit
    (profiled over 700 pages of the benchmark's mix with an edit every 70)."""
    query = filterset.parsed_query
    key = (state, None if query is None else query.searched)
    compiled = _statements.get(key)
    if compiled is None:
        compiled = _compiled(filterset)
        with _statements_lock:  # (a server process's threads share them)
            if len(_statements) >= STATEMENTS_KEPT:
                _statements.pop(next(iter(_statements)))
            _statements[key] = compiled
    model, sql, params, by_text = compiled
    if model is None:
        return None
    return _kept(filterset, router.db_for_read(model), sql, params, by_text)


def _compiled(filterset: InitiativeFilter) -> Compiled:
    rows = filterset.kept_rows()
    if rows is None:
        return None, "", (), None
    query = filterset.parsed_query
    text_rows = None if query is None or query.name_like is None else filterset.kept_rows_by_text()
    by_text = None if text_rows is None else text_rows.query.sql_with_params()
    return rows.model, *rows.query.sql_with_params(), by_text


def _kept(
    filterset: InitiativeFilter,
    database: str,
    sql: str,
    params: tuple,
    by_text: tuple[str, tuple] | None = None,
) -> KeptIds:
    """The ids the statement keeps (``kept_ids``). The statement compiled for a key is the
    one run: compiling it again to iterate the queryset took a tenth of a rare word's cache
    miss."""
    query = filterset.parsed_query
    # A search that may compare names: whether it does, given what its full text finds.
    compares = None if query is None or query.name_like is None else filterset.compares_names_given
    return kept_ids((database, sql, params), compares, by_text)


def forget() -> None:
    """Drop the statements this process compiled (the tests do, as for the bitsets)."""
    _statements.clear()


def _count(
    filterset: InitiativeFilter, facets: tuple[str, ...], kept: KeptIds | None, local
) -> FacetCounts:
    bitsets = facet_bitsets()
    base = bitsets.published
    compares_names = False
    ranked = 0
    if kept is not None:
        exact = kept.exact_bits()
        base &= exact | kept.compared_bits()
        compares_names = filterset.compares_names_given(exact.bit_count())
        ranked = kept.ranked_bits()
    for facet, keys in filterset.scope_selection().items():
        base &= bitsets.any_of(facet, keys)
    chosen = {
        facet: bitsets.any_of(facet, keys) for facet, keys in filterset.facet_selection().items()
    }
    results = reduce(and_, chosen.values(), base)
    counts: dict[str, dict[str, int]] = {}
    for facet in facets:
        others = reduce(and_, (bits for name, bits in chosen.items() if name != facet), base)
        counts[facet] = {
            key: (option & others).bit_count()
            for key, option in bitsets.options.get(facet, {}).items()
        }
    if OPEN_NOW_FACET in facets:
        counts[OPEN_NOW_FACET] = {OPEN_NOW: open_count(results, local)}
    total = results.bit_count()
    first: int | None = None
    rest: int | None = None
    by_relevance: array | None = None
    if kept is not None and ranked and not compares_names:
        first = ranked & results
        if filterset.published_only:
            by_relevance = relevance_order(first, kept)
        if by_relevance is None and first.bit_count() > LISTED_BY_ID_MAX:
            first = None
        elif total > LISTED_BY_ID_MAX:
            rest = results & ~first
    kept_results: int | array | None = None
    if total <= LISTED_BY_ID_MAX:
        kept_results = compact(results)
    return FacetCounts(
        total=total,
        counts=counts,
        compares_names=compares_names,
        results=kept_results,
        ranked=first,
        by_relevance=by_relevance,
        unranked=rest,
        every_published=kept is None and not chosen and not filterset.scope_selection(),
    )
