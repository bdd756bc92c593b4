"""Restore a dump written by ``manage.py backup`` into the configured database
(``DATABASE_URL``), replacing what it holds, in one transaction: on any error nothing changes::

    DATABASE_URL=postgres:///annuaire_restauree python manage.py restore 2026-12-01.dump

Restore into an empty database (``createdb``) to check a backup without touching the site's.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory.db.tools import database_name, postgres_tool


class Command(BaseCommand):
    help = "Restore a dump of manage.py backup into the configured database, in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The dump to restore.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        command, env = postgres_tool(
            "pg_restore",
            f"--dbname={database_name()}",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            str(path),
        )
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode:
            raise CommandError(f"pg_restore failed, nothing changed: {result.stderr.strip()}")
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde restaurée depuis {path}."))
