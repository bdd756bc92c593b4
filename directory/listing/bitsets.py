"""Facet counts from bitsets: for each facet option, the set of published entries that have it,
as a Python integer whose bit ``n`` stands for the entry of id ``n``.

Counting an option under a filter state is then ``(option & state).bit_count()``: every option
of every facet of the listing (about fifty) in under a millisecond at 100,000 entries, where a
SQL count read each entry's arrays once per facet (0.45 s for the unfiltered listing).

Each server process builds the bitsets in one query (1.0-1.3 s at 100,000 entries) and keeps
them for the facets' version, which only writes to what facets count change
(``directory/db/sql/facets_version.sql``, and the places' opening hours: ``hours.sql``): a new
summary or a new place name leaves them alone. 53 options of 100,000 entries take about 0.7 MB.

The same query reads the published entries of each distinct weekly schedule of their places,
and of each value of hours that depends on the date: the open-now count tests them at the
request's moment (``directory.listing.hours``).

After an edit that moves the facets' version, the bitsets are brought up to date rather than
built again: the log of changes (``directory/db/sql/changes.sql``) names the entries written
since the data version they were read at, and the same query, restricted to those entries (an
index lookup each), gives their options, which replace theirs. One query either way, where the
whole build took 1.0-1.3 s at 100,000 entries in every server process after each change of a
name, a kind or a status. More than ``PATCH_AT_MOST`` entries, a bulk statement or a new day,
and they are built again.

Relations between entries are facets too (``RELATION_FACETS``: ``membre_de``, ``accompagne_par``,
``accepte``): each option is an entry that relations of the kind point to, holding the
published entries that point to it; the same query reads the options' slugs and names.
"""

from __future__ import annotations

import datetime
import sys
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from ..db.text import normalize
from ..models.choices import Status
from ..models.data_version import facets_version
from ..models.freshness import Availability
from ..models.join_queryset import JOIN_FACETS, option_sql
from ..models.joining import OPTION_SQL
from ..models.relations import FILTERED_KINDS, Relation

# Each facet: the filter it belongs to, and the column its options are read from.
FACET_FIELDS = {
    "categorie": "category_ids",
    "departement": "departement_ids",
    "forme": "legal_form",
    "principe": "principles",
    "portee": "scope",
}
# The facets on how to join: each option an SQL condition (``option_sql``), the one their
# filters use. An availability is current for a time: its bitsets are of one day.
OPTION_KEYS = {
    "distribution": tuple(OPTION_SQL["distribution"]),
    "age": tuple(OPTION_SQL["age"]),
    "disponibilite": tuple(Availability.values),
}
# Facets of relations between entries: each option is an entry that relations of the kind (the
# facet's name) point to, and holds the published entries that point to it.
RELATION_FACETS = tuple(kind.value for kind in FILTERED_KINDS)
FACETS = (*FACET_FIELDS, *JOIN_FACETS, *RELATION_FACETS)
# Not facets, but read with them: the published entries of each distinct weekly schedule of
# their places, and of each value of hours that depend on the date (directory.listing.hours).
HOURS, IRREGULAR_HOURS = "hours", "hours-irregular"
ARRAY_FIELDS = {"category_ids", "departement_ids", "principles"}


def bitset(ids: Iterable[int]) -> int:
    """The bitset of ``ids``."""
    ids = list(ids)
    if not ids:
        return 0
    bits = bytearray((max(ids) >> 3) + 1)
    for pk in ids:
        bits[pk >> 3] |= 1 << (pk & 7)
    return int.from_bytes(bits, "little")


Ids = int | array


def compact(bits: int) -> Ids:
    """``bits``, or its ids as an array when that is smaller (a rare word's few hundred
    entries spread over 100,000 ids)."""
    if 4 * bits.bit_count() < (bits.bit_length() + 7) // 8 and bits.bit_length() <= 2**32:
        return array("I", members(bits))
    return bits


def as_bitset(ids: Ids) -> int:
    """The bitset of ``ids``, a bitset already or an array (``compact``)."""
    return bitset(ids) if isinstance(ids, array) else ids


def unpacked(typecode: str, packed: bytes | None) -> array:
    """The values that PostgreSQL sent side by side, big-endian, as ``int8send`` or
    ``float4send`` write them in a ``string_agg`` (NULL, none of them): one value where a row
    each cost a Python tuple."""
    values = array(typecode, bytes(packed or b""))
    if sys.byteorder == "little":
        values.byteswap()
    return values


# The set bits of each byte value.
_BYTE_MEMBERS = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


def members(bits: int) -> list[int]:
    """The ids in the bitset ``bits``, in increasing order."""
    ids: list[int] = []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for index, value in enumerate(data):
        if value:
            first = index << 3
            ids.extend(first + bit for bit in _BYTE_MEMBERS[value])
    return ids


class Target(NamedTuple):
    """An entry that relations of a kind point to: an option of its filter."""

    pk: int
    slug: str
    name: str


@dataclass(frozen=True)
class FacetBitsets:
    """The published entries, and those of each option of each facet, at a facets' version;
    and for each relation facet, its options' entries (by name), which validate and label
    them: read with the bitsets, they cost the listing no query of their own."""

    version: int
    today: datetime.date
    # The data version up to which the log of changes is taken into account.
    changes_version: int
    targets: dict[str, list[Target]]
    published: int
    options: dict[str, dict[str, int]]
    # The facets' version since which the published entries, options and targets have been
    # the same (on this day): brought up to date after an edit that changed none of them (a
    # new name, say, of an entry no relation points to), they keep the one they had. What
    # is computed from them alone (the counts, ``directory.listing.facets``) is then still
    # right. Sound across processes: a version names one state of what facets read. (Not
    # compared: bitsets equal in all the rest hold the same.)
    content_version: int = dataclass_field(default=0, compare=False)

    def any_of(self, facet: str, keys: Iterable[str]) -> int:
        """The entries having at least one of ``keys`` in ``facet``."""
        options = self.options.get(facet, {})
        union = 0
        for key in keys:
            union |= options.get(key, 0)
        return union


# Up to this many entries changed since the bitsets (or a state's kept ids) were read, they are
# patched; more, read again. A statement writing more is logged as every entry (changes.sql).
PATCH_AT_MOST = 1000
# The entries the log names after a data version, up to the one read in the same snapshot;
# 0 stands for a statement logged as changing every entry, unless the log says it changed
# nothing facets count (``changed_everything(facets=False)``, changes.sql).
LOG_SQL = (
    "WITH log AS (SELECT v.version, v.facets_version, ARRAY("
    " SELECT DISTINCT coalesce(c.initiative_id, 0) FROM directory_change c"
    " WHERE c.version > {since} AND c.version <= v.version AND c.facets LIMIT {limit}) AS ids"
    " FROM directory_data_version v WHERE v.id = 1)\n"
)


def build_sql(today: datetime.date, since: int | None = None) -> str:
    """The query of every published entry's options; with ``since`` (a data version), of the
    entries the log names after it alone, beside those entries' ids."""
    if since is None:
        head = ""
        versions = "FROM directory_data_version WHERE id = 1"
        only = only_places = only_subjects = ""
    else:
        head = LOG_SQL.format(since=int(since), limit=PATCH_AT_MOST + 1)
        versions = "FROM log"
        only = " AND id = ANY((SELECT ids FROM log)::bigint[])"
        only_places = " AND l.initiative_id = ANY((SELECT ids FROM log)::bigint[])"
        only_subjects = " AND r.subject_id = ANY((SELECT ids FROM log)::bigint[])"
    parts = [
        f"SELECT 'version', '', ARRAY[facets_version, version]::int8[] {versions}",
        "SELECT '', '', array_agg(id) FROM directory_initiative"
        f" WHERE status = '{Status.PUBLISHED}'{only}",
    ]
    if since is not None:
        parts.append("SELECT 'changed', '', ids FROM log")
    for facet, field in FACET_FIELDS.items():
        key = "key" if field in ARRAY_FIELDS else field
        source = f", unnest({field}) AS key" if field in ARRAY_FIELDS else ""
        parts.append(
            f"SELECT '{facet}', {key}::text, array_agg(id) FROM directory_initiative{source}"
            f" WHERE status = '{Status.PUBLISHED}'{only} GROUP BY 2"
        )
    for facet, keys in OPTION_KEYS.items():
        parts.extend(
            f"SELECT '{facet}', '{key}', array_agg(id) FROM directory_initiative"
            f" WHERE status = '{Status.PUBLISHED}' AND {option_sql(facet, key, today)}{only}"
            f" HAVING count(*) > 0"
            for key in keys
        )
    places = (
        "FROM directory_location l JOIN directory_initiative i ON i.id = l.initiative_id"
        f" WHERE i.status = '{Status.PUBLISHED}'{only_places}"
    )
    parts.append(
        f"SELECT '{HOURS}', l.schedule::text, array_agg(DISTINCT l.initiative_id) {places}"
        " AND cardinality(l.schedule) > 0 GROUP BY 2"
    )
    parts.append(
        f"SELECT '{IRREGULAR_HOURS}', l.opening_hours, array_agg(DISTINCT l.initiative_id)"
        f" {places} AND l.schedule IS NULL AND l.opening_hours <> '' GROUP BY 2"
    )
    relations = Relation._meta.db_table
    for kind in RELATION_FACETS:
        parts.append(
            f"SELECT '{kind}', r.object_id::text, array_agg(r.subject_id)"
            f" FROM {relations} r JOIN directory_initiative s ON s.id = r.subject_id"
            f" WHERE r.kind = '{kind}' AND s.status = '{Status.PUBLISHED}'{only_subjects}"
            " GROUP BY 2"
        )
    # The options themselves, always in full (a few rows): published entries pointed to from
    # a published entry, each as ('target:<kind>:<slug>', name, [id]).
    kinds = ", ".join(f"'{kind}'" for kind in RELATION_FACETS)
    parts.append(
        "SELECT 'target:' || r.kind || ':' || o.slug, o.name, ARRAY[o.id]::int8[]"
        f" FROM {relations} r JOIN directory_initiative s ON s.id = r.subject_id"
        " JOIN directory_initiative o ON o.id = r.object_id"
        f" WHERE r.kind IN ({kinds}) AND s.status = '{Status.PUBLISHED}'"
        f" AND o.status = '{Status.PUBLISHED}' GROUP BY r.kind, o.id"
    )
    return head + "\nUNION ALL\n".join(parts)


def build(today: datetime.date, since: FacetBitsets | None = None) -> FacetBitsets:
    """Read every published entry's facet options on ``today`` (one query, one snapshot); or,
    from the bitsets ``since``, those of the entries changed after them, if the log names at
    most ``PATCH_AT_MOST`` (else read every entry's, a second query)."""
    versions = (0, 0)
    published = 0
    options: dict[str, dict[str, int]] = {}
    targets: dict[str, list[Target]] = {kind: [] for kind in RELATION_FACETS}
    changed: list[int] | None = None
    with connection.cursor() as cursor:
        cursor.execute(build_sql(today, None if since is None else since.changes_version))
        for facet, key, ids in cursor:  # a row at a time: its ids are a list of up to 100,000
            if facet == "version":
                versions = (ids[0], ids[1])
            elif facet == "":
                published = bitset(ids or ())
            elif facet == "changed":
                changed = ids
            elif facet.startswith("target:"):
                _, kind, slug = facet.split(":", 2)
                targets[kind].append(Target(ids[0], slug, key))
            else:
                options.setdefault(facet, {})[key] = bitset(ids)
    if since is not None:
        if changed is None or 0 in changed or len(changed) > PATCH_AT_MOST:
            return build(today)
        mask = ~bitset(changed)
        published |= since.published & mask
        for facet, kept in since.options.items():
            fresh = options.setdefault(facet, {})
            for key, bits in kept.items():
                bits = (bits & mask) | fresh.get(key, 0)
                if bits:
                    fresh[key] = bits
        options = {facet: fresh for facet, fresh in options.items() if fresh}
    for found in targets.values():
        found.sort(key=lambda target: (normalize(target.name), target.pk))
    content_version = versions[0]
    if (
        since is not None
        and published == since.published
        and targets == since.targets
        and options == since.options
    ):
        # (Comparing some fifty integers of 12 KB each: well under a millisecond.)
        content_version = since.content_version
    return FacetBitsets(
        version=versions[0],
        today=today,
        changes_version=versions[1],
        published=published,
        options=options,
        targets=targets,
        content_version=content_version,
    )


_lock = threading.Lock()
_current: FacetBitsets | None = None


def facet_bitsets() -> FacetBitsets:
    """The bitsets at the current facets' version (or a later one) and day: built if this
    process has none for the day yet, brought up to date if they are older."""
    global _current
    version = facets_version()
    today = timezone.localdate()
    bitsets = _current
    if bitsets is None or bitsets.today != today or bitsets.version < version:
        with _lock:
            bitsets = _current
            if bitsets is None or bitsets.today != today:
                bitsets = _current = build(today)
            elif bitsets.version < version:
                bitsets = _current = build(today, since=bitsets)
    return bitsets


def forget() -> None:
    """Drop this process's bitsets, so that the next count builds them again (the tests do,
    to count that query in each test; correctness never needs it, since versions are never
    reused)."""
    global _current
    _current = None
