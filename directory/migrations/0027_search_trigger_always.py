"""The search document's row trigger fires in replica-role sessions too
(``directory/db/sql/search_document.sql``), where ``seed_synthetic``'s writers side by side
leave out the statement triggers (``directory.synthetic.parallel``)."""

from django.db import migrations

from directory.db.functions import apply_sql


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0026_change_log"),
    ]

    operations = [
        apply_sql(
            "search_document.sql",
            reverse_sql=(
                "ALTER TABLE directory_initiative ENABLE TRIGGER directory_initiative_search;"
            ),
        ),
    ]
