"""Writes to relations log the entries they link (``directory/db/sql/changes.sql``), so that
the facets' bitsets are brought up to date from the log of changes after any edit
(``directory.listing.bitsets``)."""

from django.db import migrations

from directory.db.functions import apply_sql

REVERSE = "\n".join(
    f"DROP TRIGGER IF EXISTS directory_data_version_log_{event} ON directory_relation;"
    for event in ("insert", "update", "delete", "truncate")
)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0029_short_columns_in_row"),
    ]

    operations = [apply_sql("changes.sql", reverse_sql=REVERSE)]
