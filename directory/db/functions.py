"""The directory's SQL functions and triggers, as they run: one file per group of objects in
``directory/db/sql/``, each written to be applied again (``CREATE OR REPLACE``).

- ``normalize.sql``: the ``directory_fr`` text-search configuration and ``directory_normalize``
  (Python twin: ``directory.db.text.normalize``);
- ``names.sql``: ``directory_joined_names``, an entry's other names as one text (0016);
- ``search_document.sql``: ``directory_search_document``, the initiative row trigger (search
  document and denormalised arrays) and the triggers of related tables that refresh it;
- ``data_version.sql``: the data-version bump and its statement triggers;
- ``places.sql``: each place's planar position, for nearest-first searches (migration 0012);
- ``facets_version.sql``: the version of what facet counts read, and its triggers (0013; names
  and slugs since 0024);
- ``hours.sql``: the places' opening hours bump that version too (0022).
- ``join_facets_version.sql``: the same version, moved by the columns on how to join (0023).
- ``relations.sql``: the triggers that bump both versions when relations between entries
  change (0024, which creates their table).
- ``changes.sql``: the log of the entries each data version changed, and its triggers (0026,
  which creates its table).

Migrations 0004, 0007 and 0008 created these objects with the SQL of their day; migration 0011
applies the files, which are the definitions from then on. To change one, edit its file and add
a migration with ``apply_sql(name, reverse_sql=<the previous text>)`` (and, for the search
document, ``REFRESH_SEARCH_DOCUMENTS``). A migration reads the file when it runs, so 0011 too
applies the newest text on a fresh database: should a definition come to need a column that a
later migration adds, freeze the file's earlier text into 0011 first (as 0011 holds
``search_document.sql`` from before 0016, which reads ``other_names``).
``tests/test_sql_twins.py`` checks that the migrated database holds exactly what the files say.
"""

from __future__ import annotations

from pathlib import Path

from django.db import migrations

SQL_DIR = Path(__file__).with_name("sql")
# In the order they can be applied to an empty schema: the search document uses directory_fr
# and directory_joined_names.
SQL_FILES = (
    "normalize.sql",
    "names.sql",
    "search_document.sql",
    "data_version.sql",
    "places.sql",
    "facets_version.sql",
    "hours.sql",
    "join_facets_version.sql",
    "relations.sql",
    "changes.sql",
    "storage.sql",
)
# The row trigger recomputes each document it sees updated, so this refreshes every entry.
REFRESH_SEARCH_DOCUMENTS = "UPDATE directory_initiative SET search_document = NULL;"


def read_sql(name: str) -> str:
    """The text of ``directory/db/sql/<name>``."""
    return (SQL_DIR / name).read_text(encoding="utf-8")


def apply_sql(name: str, reverse_sql: str | None = None) -> migrations.RunSQL:
    """A migration operation applying the file's current definitions.

    Migrating back leaves them in place unless ``reverse_sql`` restores the previous ones."""
    return migrations.RunSQL(read_sql(name), reverse_sql or migrations.RunSQL.noop)


QUERY_DIR = Path(__file__).with_name("queries")


def read_query(name: str) -> str:
    """The text of ``directory/db/queries/<name>``: a query the app runs (not applied by
    migrations), with ``%(name)s`` parameters."""
    return (QUERY_DIR / name).read_text(encoding="utf-8")
