"""Role and database names: SQL quoting, and the database URL the project uses."""

import os
from collections.abc import Mapping
from urllib.parse import quote

DEFAULT_DATABASE = "innovation_idf"


def quote_ident(name: str) -> str:
    """Quote an SQL identifier (role or database name) for PostgreSQL."""
    if "\x00" in name:
        raise ValueError("an SQL identifier cannot contain a NUL character")
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """Quote an SQL string literal, like PostgreSQL's own quote_literal()."""
    if "\x00" in value:
        raise ValueError("an SQL string cannot contain a NUL character")
    quoted = "'" + value.replace("'", "''") + "'"
    if "\\" in value:
        # An escape string is correct whatever standard_conforming_strings says.
        quoted = "E" + quoted.replace("\\", "\\\\")
    return quoted


def default_url(database: str = DEFAULT_DATABASE) -> str:
    """Return the URL of a database on the local server's Unix socket."""
    return "postgres:///" + quote(database, safe="")


def effective_url(
    database: str = DEFAULT_DATABASE, environ: Mapping[str, str] | None = None
) -> str:
    """Return the DATABASE_URL the project would use: the environment's, else the local one."""
    environ = os.environ if environ is None else environ
    return environ.get("DATABASE_URL") or default_url(database)
