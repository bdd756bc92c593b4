"""The place's position row trigger fires in replica-role sessions too
(``directory/db/sql/places.sql``), like the search document's (0027): ``seed_synthetic``'s
writers side by side leave out the other triggers (``directory.synthetic.parallel``), and
their places were written without a position. Places left without one get it."""

from django.db import migrations

from directory.db.functions import apply_sql

# The row trigger computes every position it sees updated; the entries' search documents do not
# depend on positions, so the statement trigger that refreshes them sleeps meanwhile.
FILL_MISSING_POSITIONS = """
ALTER TABLE directory_location DISABLE TRIGGER directory_locations_updated;
UPDATE directory_location SET position = NULL WHERE position IS NULL;
ALTER TABLE directory_location ENABLE TRIGGER directory_locations_updated;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0027_search_trigger_always"),
    ]

    operations = [
        apply_sql(
            "places.sql",
            reverse_sql=(
                "ALTER TABLE directory_location ENABLE TRIGGER directory_location_position;"
            ),
        ),
        migrations.RunSQL(FILL_MISSING_POSITIONS, reverse_sql=migrations.RunSQL.noop),
    ]
