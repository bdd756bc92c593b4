"""The log of changes says whether a statement logged as changing every entry may have changed
what facets count (``directory/db/sql/changes.sql``), so that the facets' bitsets are not built
again after a new data version that did not (``changed_everything(facets=False)``)."""

from django.db import migrations

from directory.db.functions import apply_sql


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0030_relations_logged"),
    ]

    operations = [
        apply_sql(
            "changes.sql",
            reverse_sql="ALTER TABLE directory_change DROP COLUMN IF EXISTS facets;",
        )
    ]
