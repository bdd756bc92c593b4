"""Reads of public pages from a PostgreSQL streaming replica, everything else on the primary.

With ``DATABASE_REPLICA_URL`` set, the settings add the ``replica`` alias and this router. It
sends a read to the replica only inside ``replica_reads()``, which the public page cache opens
around a page it renders on a miss, once the replica has that request's data version
(``directory.public.caching``). Everything else reads from the primary: writes, the admin and
curators (their requests carry a session and bypass the page cache), the data version itself,
management commands, the task queue, the exports' streamed rows (read after the view returns).
Inside ``replica_reads()`` too, a read goes to the primary once the request has written
anything, or while a transaction is open on the primary (what it wrote is not on the replica,
and ``select_for_update`` must lock the primary's rows).

Migrations run on the primary only: the replica replays them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

# Whether reads may go to the replica in the code running now (only inside ``replica_reads``).
_reads_from_replica: ContextVar[bool] = ContextVar("directory_reads_from_replica", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads go to the replica (when one is configured), until a write."""
    token = _reads_from_replica.set(True)
    try:
        yield
    finally:
        _reads_from_replica.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Within this block, every read goes to the primary, even inside ``replica_reads()``."""
    token = _reads_from_replica.set(False)
    try:
        yield
    finally:
        _reads_from_replica.reset(token)


class PrimaryReplicaRouter:
    """Django's database router: see the module's docstring."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        if (
            _reads_from_replica.get()
            and REPLICA in connections.settings
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        # After a write, the rest of the block reads what it wrote: from the primary.
        _reads_from_replica.set(False)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases hold the same rows.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
