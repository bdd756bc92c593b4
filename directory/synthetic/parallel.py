"""Writing synthetic entries over several connections at once, one transaction each.

One connection copies about 1,100 entries a second at 100,000 (the row trigger's search
document, its ``to_tsvector`` of the description above all, and twenty indexes), and each of
its statements bumps the data version: two writing transactions would wait on that row's lock
for each other's commit. So each writer sets ``session_replication_role = replica`` for its
transaction, as ``pg_restore --disable-triggers`` does: only triggers enabled ``ALWAYS`` fire,
the search document's (``directory/db/sql/search_document.sql``), so every entry gets its
document, kinds, départements and communes as usual; the statement triggers (data and facets'
versions, the log of changes) do not, and neither do foreign-key checks, which the generator's
rows (read from the database's own communes, kinds and source) satisfy by construction.
Unique indexes still apply. When every writer has copied its share, they commit, and one
statement then moves both versions and logs every entry as changed, as a write through the
triggers would have.

Setting ``session_replication_role`` needs a superuser (the local PostgreSQL's, as the
README's commands create it): otherwise, or inside a transaction (the tests'), the entries are
written in one transaction (``directory.synthetic.loading``). Should one writer fail, the others
roll back too; a failure between the writers' commits (the connection lost at that moment)
would leave the batches committed before it, which ``synthetic-`` slugs tell apart.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection, connections, transaction

from directory.models.data_version import changed_everything
from directory.synthetic.batch import Batch, Written

if TYPE_CHECKING:
    from psycopg import Cursor

# Fewer entries are written in one transaction: side by side pays for its start-up only then.
PARALLEL_FROM = 20_000
# The key of the advisory lock that serialises runs (they pick slug numbers above those in use).
LOCK_KEY = 0x5EED


def allowed() -> bool:
    """Whether writers may run beside this connection: outside a transaction, as a superuser
    (who may set ``session_replication_role``)."""
    if not connection.get_autocommit() or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


@contextmanager
def serialised() -> Iterator[None]:
    """One run at a time (a session lock, released at the end)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


class _Abandoned(Exception):
    """Another writer, or the generator, failed: roll back."""


def write(
    batches: Iterable[Batch],
    write_batch: Callable[[Cursor, Batch], None],
    jobs: int,
    progress: Callable[[int], None] | None = None,
) -> Written:
    """Write ``batches`` (generated in this thread) with ``jobs`` writers."""
    work: queue.Queue[Batch | None] = queue.Queue(maxsize=jobs)
    failed = threading.Event()
    copied = threading.Barrier(jobs)
    errors: list[BaseException] = []
    lock = threading.Lock()
    written = Written()

    def writer() -> None:
        try:
            with transaction.atomic(), connection.cursor() as wrapper:
                cursor = wrapper.cursor  # the psycopg 3 cursor, for COPY
                cursor.execute("SET LOCAL session_replication_role = replica")
                while (batch := work.get()) is not None:
                    if failed.is_set():
                        continue  # drain the queue, so that the generator never waits
                    try:
                        write_batch(cursor, batch)
                    except BaseException as error:
                        errors.append(error)
                        failed.set()
                        continue
                    with lock:
                        done = written.add(batch)
                        if progress is not None:
                            progress(done)
                copied.wait()
                if failed.is_set():
                    raise _Abandoned
        except (_Abandoned, threading.BrokenBarrierError):
            pass
        except BaseException as error:  # connecting, or the commit itself
            errors.append(error)
            failed.set()
            copied.abort()  # the others would wait for this one
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, name=f"seed-writer-{n}") for n in range(jobs)]
    for thread in threads:
        thread.start()

    def put(item: Batch | None) -> bool:
        """Queue ``item`` unless no writer is left to take it."""
        while True:
            try:
                work.put(item, timeout=1)
                return True
            except queue.Full:
                if not any(thread.is_alive() for thread in threads):
                    return False

    try:
        for batch in batches:
            if failed.is_set() or not put(batch):
                break
    except BaseException as error:
        errors.append(error)
        failed.set()
    finally:
        for _ in threads:
            put(None)
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    # What the statement triggers, left out, would have done.
    changed_everything(facets=True)
    return written
