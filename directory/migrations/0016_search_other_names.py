"""Other names are searched like the name (weight A, French stems, accents removed) and compared
with the names typed in the duplicate checks.

- ``names.sql``: ``directory_joined_names``, the other names as one text (IMMUTABLE);
- ``search_document.sql`` again: ``directory_search_document`` takes the other names (a new
  signature: the one of four arguments is dropped, so that each function is defined once);
- ``rank_document`` again, with the other names: PostgreSQL 15 cannot change the expression of
  a generated column, so it is dropped and added (inline in the row again, ``STORAGE MAIN``,
  as migration 0013 put it);
- the trigram index of other names, for the entries that have some;
- every search document recomputed (``REFRESH_SEARCH_DOCUMENTS``).

Migrating back restores the definitions of migration 0011 (``SEARCH_DOCUMENT``) and recomputes
the documents without other names.
"""

from importlib import import_module

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import (
    CombinedSearchVector,
    SearchConfig,
    SearchVector,
    SearchVectorField,
)
from django.db import migrations, models

import directory.db.text
from directory.db.functions import REFRESH_SEARCH_DOCUMENTS, apply_sql

SEARCH_DOCUMENT_0011 = import_module("directory.migrations.0011_sql_definitions").SEARCH_DOCUMENT

DROP_FOUR_ARGUMENTS = "DROP FUNCTION directory_search_document(bigint, text, text, text);"
RESTORE_0011 = (
    SEARCH_DOCUMENT_0011
    + "DROP FUNCTION directory_search_document(bigint, text, text[], text, text);\n"
    + REFRESH_SEARCH_DOCUMENTS
)

# directory.db.fulltext.ranking_document()
NAMES_AND_SUMMARY = CombinedSearchVector(
    CombinedSearchVector(
        SearchVector("name", config="directory_fr", weight="A"),
        "||",
        SearchVector(
            directory.db.text.JoinedNames("other_names"), config="directory_fr", weight="A"
        ),
        SearchConfig("directory_fr"),
    ),
    "||",
    SearchVector("summary", config="directory_fr", weight="B"),
    SearchConfig("directory_fr"),
)
INLINE = "ALTER TABLE directory_initiative ALTER COLUMN rank_document SET STORAGE MAIN;"


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0015_other_names_and_category_sources"),
    ]

    operations = [
        apply_sql(
            "names.sql", reverse_sql="DROP FUNCTION IF EXISTS directory_joined_names(text[]);"
        ),
        apply_sql("search_document.sql", reverse_sql=RESTORE_0011),
        migrations.RunSQL(DROP_FOUR_ARGUMENTS, migrations.RunSQL.noop),
        # Backwards, the former column is put back inline too.
        migrations.RunSQL(migrations.RunSQL.noop, INLINE),
        migrations.RemoveField(model_name="initiative", name="rank_document"),
        migrations.AddField(
            model_name="initiative",
            name="rank_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=NAMES_AND_SUMMARY,
                output_field=SearchVectorField(),
                verbose_name="document de classement",
            ),
        ),
        migrations.RunSQL(INLINE, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="initiative",
            index=GinIndex(
                OpClass(
                    directory.db.text.Normalized(directory.db.text.JoinedNames("other_names")),
                    name="gin_trgm_ops",
                ),
                condition=models.Q(("other_names", []), _negated=True),
                name="directory_init_other_trgm",
            ),
        ),
        migrations.RunSQL(REFRESH_SEARCH_DOCUMENTS, migrations.RunSQL.noop),
    ]
