"""The version of the public data, and values cached for it.

Database triggers bump the version on every write that can change a public page
(``directory/db/sql/data_version.sql``). Public pages read it once per request
(``directory.public.caching``) and key their cache and ETags by it; ``cached()`` keys reference
lists and the thesaurus the same way, so an edit shows at once in every process with nothing to
invalidate by hand.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, models, transaction

from ..db.routers import primary_reads, replica_reads

logger = logging.getLogger(__name__)

# The data version of the public request being served, if any, and its facets' version.
_current_version: ContextVar[int | None] = ContextVar("directory_data_version", default=None)
_current_facets_version: ContextVar[int | None] = ContextVar(
    "directory_facets_version", default=None
)
_current_changed_at: ContextVar[datetime.datetime | None] = ContextVar(
    "directory_data_changed_at", default=None
)


class DataVersion(models.Model):
    """The one row of ``directory_data_version``: the public data's version and when it last
    changed, written only by the triggers of ``directory/db/sql/data_version.sql``.

    Unmanaged: the table and its row are the SQL's (migration 0008 created both). Django
    neither creates nor alters it, and ``flush`` (between transactional tests) leaves it
    alone, so the row the triggers update is always there."""

    id = models.SmallIntegerField(primary_key=True)
    version = models.BigIntegerField("version")
    changed_at = models.DateTimeField("modifiée le")
    # Changed only by writes to what facet counts read (``directory/db/sql/facets_version.sql``).
    facets_version = models.BigIntegerField("version des facettes")

    class Meta:
        managed = False
        db_table = "directory_data_version"
        # Nobody edits it: no add/change/delete/view permissions to grant.
        default_permissions = ()
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="directory_data_version_id_check")
        ]
        verbose_name = "version des données publiques"
        verbose_name_plural = "versions des données publiques"

    def __str__(self) -> str:
        return f"version {self.version}"


class Versions(NamedTuple):
    version: int
    changed_at: datetime.datetime
    facets_version: int


# Read on every public request, hits of the page cache included: written as SQL, it costs
# 0.3 ms where the ORM's ``values_list(...).get(pk=1)`` cost 1 ms (building and compiling the
# query each time).
VERSIONS_SQL = (
    f"SELECT version, changed_at, facets_version FROM {DataVersion._meta.db_table} WHERE id = 1"
)


def data_version() -> Versions:
    """The public data's version, when it last changed, and the version of what facet
    counts read (one query, on the primary)."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(VERSIONS_SQL)
        row = cursor.fetchone()
    if row is None:
        raise DataVersion.DoesNotExist("The data version's row is missing (migration 0008).")
    return Versions(*row)


def changed_everything(*, facets: bool = False) -> int:
    """A new data version (and, with ``facets``, a new facets' version) logged as changing
    every entry (``directory/db/sql/changes.sql``), in one transaction: what a statement
    through the triggers that wrote every entry would have done; no page, facet count or kept
    ids cached before, in any process, is served again. Without ``facets``, the log says so,
    and the facets' bitsets, brought up to date after a later edit, skip it rather than being
    built again. Returns the new version."""
    facets_sql = ", facets_version = nextval('directory_facets_version')" if facets else ""
    with transaction.atomic(), connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            "UPDATE directory_data_version SET version = version + 1, changed_at = now()"
            f"{facets_sql} WHERE id = 1 RETURNING version"
        )
        (version,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO directory_change (version, initiative_id, facets) VALUES (%s, NULL, %s)",
            [version, facets],
        )
    return version


@contextmanager
def replica_reads_at(version: int) -> Iterator[None]:
    """Within this block, reads go to the replica if it has the public data at ``version``
    (read from the primary for this request), else to the primary: a page is never rendered
    from data older than the version it is cached and tagged under. Without a replica, no
    query. With one, one query on the replica; a replica lagging behind, or unreachable, only
    sends the pages to the primary until it catches up."""
    with replica_reads():
        versions = DataVersion.objects.values_list("version", flat=True)
        if versions.db != DEFAULT_DB_ALIAS and not _replica_has(versions, version):
            with primary_reads():
                yield
        else:
            yield


def _replica_has(versions: models.QuerySet, version: int) -> bool:
    try:
        return versions.get(pk=1) >= version
    except OperationalError:
        # Unreachable (restarting, failing over): the page is the primary's, not a 503.
        logger.warning("The replica is unreachable: reading from the primary", exc_info=True)
        return False


def current_version() -> int | None:
    """The data version read for the public request being served (None outside one)."""
    return _current_version.get()


def facets_version() -> int:
    """The facets' version read for the public request being served, else read now."""
    version = _current_facets_version.get()
    if version is None:
        return DataVersion.objects.values_list("facets_version", flat=True).get(pk=1)
    return version


def data_changed_at() -> datetime.datetime:
    """When the public data last changed, as read for the public request being served, else
    read now (the date the exports state)."""
    changed_at = _current_changed_at.get()
    if changed_at is None:
        return DataVersion.objects.values_list("changed_at", flat=True).get(pk=1)
    return changed_at


@contextmanager
def serving(versions: Versions) -> Iterator[None]:
    """Within this block, ``current_version()``, ``facets_version()`` and
    ``data_changed_at()`` are those read."""
    token = _current_version.set(versions.version)
    facets_token = _current_facets_version.set(versions.facets_version)
    changed_token = _current_changed_at.set(versions.changed_at)
    try:
        yield
    finally:
        _current_version.reset(token)
        _current_facets_version.reset(facets_token)
        _current_changed_at.reset(changed_token)


# What ``cached()`` last returned in this process for each name: (key, token, value).
_copies: dict[str, tuple[str, str, Any]] = {}


def cached(name: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, cached for the current data version when serving a public page
    (reference lists, thesaurus); computed afresh otherwise.

    Each computation is stored with a random token, and the token apart under its own key;
    the process keeps what it last returned for ``name`` with that token. While the shared
    cache holds the same token for the same key, the process's copy is that value: one read of
    the token instead of unpickling the list (0.7 to 1.5 ms a listing or entry page at 100,000
    entries, where every request read the categories and départements anew). A cleared or
    rebuilt cache entry has another token, or none. What this returns is shared by the
    process's requests: nothing may change it."""
    version = current_version()
    if version is None:
        return compute()
    key = f"directory:{name}:{version}"
    token_key = f"{key}:token"
    token = cache.get(token_key)
    copy = _copies.get(name)
    if token is not None and copy is not None and copy[:2] == (key, token):
        return copy[2]
    stored = cache.get(key) if token is not None else None
    if isinstance(stored, tuple) and stored[0] == token:
        value = stored[1]
    else:
        token = secrets.token_hex(8)
        value = compute()
        cache.set_many({key: (token, value), token_key: token}, settings.PAGE_CACHE_SECONDS)
    _copies[name] = (key, token, value)
    return value
