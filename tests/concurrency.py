"""Real threads against the database, started at the same instant: each opens its own
connection (to the test database) and closes it at its end. For transactional tests only:
the other threads cannot see a test's uncommitted rows.

Test clients in threads are made with ``raise_request_exception=False``: a client re-raises
any request's exception signalled while it runs, another thread's too; the status codes tell
which request failed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connections

T = TypeVar("T")
JOIN_TIMEOUT = 60


def simultaneously(count: int, action: Callable[[int], T]) -> tuple[list[T], list[BaseException]]:
    """Run ``action(0)`` … ``action(count - 1)`` in ``count`` threads released together; their
    results and the exceptions they raised, in no particular order."""
    barrier = threading.Barrier(count)
    lock = threading.Lock()
    results: list[T] = []
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait()
            result = action(number)
        except BaseException as error:  # reported to the test
            with lock:
                errors.append(error)
        else:
            with lock:
                results.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread is still running"
    return results, errors
