"""The task queue in tests: a queue in memory, and procrastinate's worker run on it until no
job is due (what ``manage.py procrastinate worker --one-shot`` does), inside the test's
transaction. ``tests/test_mail_queue.py`` checks the same against PostgreSQL's queue and the
production worker."""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync, sync_to_async
from procrastinate import testing
from procrastinate import utils as procrastinate_utils
from procrastinate.contrib.django import app


async def _in_the_tests_thread(function, *args: Any, **kwargs: Any) -> Any:
    return await sync_to_async(function, thread_sensitive=True)(*args, **kwargs)


class TaskQueue:
    """The app's queue while a test runs: procrastinate's in-memory connector, with which
    ``defer`` stores a job as the database would (same arguments, status and attempts)."""

    def __init__(self, connector: testing.InMemoryConnector, monkeypatch) -> None:
        self.connector = connector
        # procrastinate runs a task in a thread of a pool, whose database connection would
        # not see the test's uncommitted rows: here it runs in the test's own thread.
        monkeypatch.setattr(procrastinate_utils, "sync_to_async", _in_the_tests_thread)

    def jobs(self) -> list[tuple[str, dict, str, int]]:
        """Every job, oldest first: (task, arguments, status, attempts)."""
        return [
            (job["task_name"], job["args"], job["status"], job["attempts"])
            for _, job in sorted(self.connector.jobs.items())
        ]

    def ids(self) -> list[int]:
        return sorted(self.connector.jobs)

    def make_due(self) -> None:
        """Time passes: the jobs waiting for a retry are due now."""
        for job in self.connector.jobs.values():
            if job["status"] == "todo":
                job["scheduled_at"] = None

    def run(self) -> None:
        """Run the worker until no job is due, then return. Django's clean-up of connections
        around each task is left out: it would close the test's connection."""

        async def work() -> None:
            async with app.open_async():
                await app.run_worker_async(
                    wait=False,
                    install_signal_handlers=False,
                    listen_notify=False,
                    task_middleware=[],
                )

        # From this thread, so that every thread-sensitive call comes back to it.
        async_to_sync(work)()
