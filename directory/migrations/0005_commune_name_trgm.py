"""A trigram index on the communes' names as the autocomplete compares them.

The expression is ``directory.db.text.NameKey``'s, character for character: the planner uses an
expression index only for the same expression (tests/test_api.py checks that it does). It is
plain SQL rather than a model index so that the models (owned elsewhere) need not change.
"""

from django.db import migrations

INDEX_SQL = """
CREATE INDEX directory_commune_name_trgm ON directory_commune USING gin (
    (btrim(regexp_replace(directory_normalize(name), '[^a-z0-9]+', ' ', 'g'))) gin_trgm_ops
);
"""
REVERSE_SQL = "DROP INDEX IF EXISTS directory_commune_name_trgm;"


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0004_search"),
    ]

    operations = [
        migrations.RunSQL(INDEX_SQL, REVERSE_SQL),
    ]
