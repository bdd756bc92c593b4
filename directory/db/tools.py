"""PostgreSQL's command-line tools (``pg_dump``, ``pg_restore``) on the configured database:
the connection goes through libpq's environment variables, never the command line (where
``ps`` would show a password)."""

from __future__ import annotations

import os
import shutil

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections


def postgres_tool(name: str, *arguments: str) -> tuple[list[str], dict[str, str]]:
    """The command line of the tool ``name`` and its environment, on the default database."""
    executable = shutil.which(name)
    if executable is None:
        raise CommandError(
            f"{name} is missing: install PostgreSQL's client tools "
            "(on Debian or Ubuntu: sudo apt-get install -y postgresql-client)."
        )
    database = connections[DEFAULT_DB_ALIAS].settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = database.get(key)
        if value:
            env[variable] = str(value)
    return [executable, *arguments], env


def database_name() -> str:
    """The default database's name (what ``pg_restore --dbname`` takes: the rest of the
    connection comes from the environment of ``postgres_tool``)."""
    return str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
