"""Back the database up with ``pg_dump``, in its custom format (compressed, restored with
``manage.py restore``)::

    python manage.py backup /var/backups/annuaire/$(date +%F).dump

Uploaded images live in ``MEDIA_ROOT``: back that folder up beside the dump (``rsync``,
``tar``); ``manage.py build_renditions`` rewrites any missing rendition after a restore.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.db.tools import postgres_tool


class Command(BaseCommand):
    help = "Dump the database to FILE with pg_dump (custom format), for manage.py restore."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Where to write the dump.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if path.exists():
            raise CommandError(f"{path} exists: choose a new file, an old dump is never replaced.")
        path.parent.mkdir(parents=True, exist_ok=True)
        command, env = postgres_tool("pg_dump", "--format=custom", "--no-owner", f"--file={path}")
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode:
            path.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {path} ({size} octets)."))
