"""Committed rows that tests share: emptying the app's tables once they are done with."""

from django.apps import apps
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection


def empty_app_tables() -> None:
    """Empty every table of the app (rows and their links), as a fresh test database has
    them; not the data-version row, which an unmanaged model describes and the triggers keep.
    The cache goes too (the thesaurus and reference lists are cached by data version)."""

    models = apps.get_app_config("directory").get_models(include_auto_created=True)
    tables = sorted({model._meta.db_table for model in models if model._meta.managed})
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    cache.clear()
