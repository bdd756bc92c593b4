"""The entries' short columns (the facet arrays, the slug, the normalised name…) stay in the
row instead of being moved out to the TOAST table (``directory/db/sql/storage.sql``)."""

from django.db import migrations

from directory.db.functions import apply_sql

COLUMNS = (
    "category_ids", "departement_ids", "commune_ids", "principles", "legal_form", "scope",
    "status", "slug", "name_normalized", "other_names", "join_details",
)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0028_position_trigger_always"),
    ]

    operations = [
        apply_sql(
            "storage.sql",
            reverse_sql="ALTER TABLE directory_initiative "
            + ", ".join(f"ALTER COLUMN {column} SET STORAGE EXTENDED" for column in COLUMNS)
            + ";",
        ),
    ]
