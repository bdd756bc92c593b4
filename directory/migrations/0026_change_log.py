"""The log of the entries each data version changed (``directory/db/sql/changes.sql``), from
which the ids a filter state keeps are brought up to date after an edit
(``directory.listing.kept_ids``)."""

from django.db import migrations

from directory.db.functions import apply_sql


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0025_services_import_format"),
    ]

    operations = [
        apply_sql(
            "changes.sql",
            reverse_sql=(
                "DROP FUNCTION IF EXISTS directory_log_changes() CASCADE;"
                " DROP TABLE IF EXISTS directory_change;"
            ),
        ),
    ]
