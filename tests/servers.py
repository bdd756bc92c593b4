"""Real gunicorn servers for the tests that need one (tests/test_gunicorn.py,
tests/test_shared_cache.py): always started with the project's gunicorn.conf.py, as in
production."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = ROOT / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The test database's URL, for the server processes."""
    db = connection.settings_dict
    if not db["HOST"]:
        return f"postgres:///{db['NAME']}"
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def gunicorn_command(port: int, workers: int = 1) -> list[str]:
    """gunicorn serving the site on 127.0.0.1:``port`` with the project's configuration."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        str(GUNICORN_CONFIG),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "innovation_site.wsgi",
    ]
