"""Locks that serialise concurrent requests on one thing (a client address, a slug) for the
rest of the current transaction: PostgreSQL's transaction-level advisory locks.

A transaction that takes one waits for any other holding it to commit or roll back; once it
has it, its next statements see what the other committed (READ COMMITTED), so that « count,
then insert » or « find a free slug, then insert » become atomic among the transactions that
take the same lock.
"""

from __future__ import annotations

import hashlib

from django.db import connection


def lock_key(scope: str, key: str) -> int:
    """The advisory lock's 64-bit key for ``key`` in ``scope`` (a collision only makes two
    unrelated requests wait for each other)."""
    digest = hashlib.blake2b(f"{scope}\x00{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_for_transaction(scope: str, key: str) -> None:
    """Wait for, then hold until the end of the current transaction, the lock on ``key`` in
    ``scope``. Only inside ``transaction.atomic()``: in autocommit the lock would be released
    at once."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_for_transaction() needs a transaction (transaction.atomic)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(scope, key)])
