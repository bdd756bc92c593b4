"""A WSGI application streaming its body slowly, longer than gunicorn's ``timeout``: what a
long export is to the worker serving it (tests/test_gunicorn.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

CHUNKS = 8
PAUSE_SECONDS = 0.5


def application(environ: dict, start_response: Callable) -> Iterator[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    for number in range(CHUNKS):
        time.sleep(PAUSE_SECONDS)
        yield f"{number}\n".encode()
