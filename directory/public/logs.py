"""The request id of log records (see ``directory.public.operations``); imported by the
logging configuration, so it imports nothing of Django's."""

from __future__ import annotations

import logging
from contextvars import ContextVar

NO_REQUEST = "-"

current_request_id: ContextVar[str] = ContextVar("current_request_id", default=NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every record: the current request's, or ``-`` outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
