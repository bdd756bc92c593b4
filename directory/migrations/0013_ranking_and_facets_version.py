"""For searches and facet counts on a cache miss (see README, Performance):

- a narrow table: long values (the search document, the description) move out of each row once
  it exceeds 128 bytes (``toast_tuple_target``), so that finding tens of thousands of matches
  reads a small heap; names and summaries stay in the row (``STORAGE MAIN``), as does the new
  ranking document (name A, summary B) that orders search results;
- the facets' version in the data-version table, bumped only by writes to what facet counts
  read (``directory/db/sql/facets_version.sql``).
"""

import django.contrib.postgres.search
from django.db import migrations, models

from directory.db.functions import apply_sql

NARROW_ROWS = """
ALTER TABLE directory_initiative SET (toast_tuple_target = 128);
ALTER TABLE directory_initiative ALTER COLUMN name SET STORAGE MAIN;
ALTER TABLE directory_initiative ALTER COLUMN summary SET STORAGE MAIN;
"""
WIDE_ROWS = """
ALTER TABLE directory_initiative RESET (toast_tuple_target);
ALTER TABLE directory_initiative ALTER COLUMN name SET STORAGE EXTENDED;
ALTER TABLE directory_initiative ALTER COLUMN summary SET STORAGE EXTENDED;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0012_location_position"),
    ]

    operations = [
        migrations.RunSQL(NARROW_ROWS, WIDE_ROWS),
        migrations.AddField(
            model_name="initiative",
            name="rank_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        "name", config="directory_fr", weight="A"
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "summary", config="directory_fr", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("directory_fr"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
                verbose_name="document de classement",
            ),
        ),
        migrations.RunSQL(
            "ALTER TABLE directory_initiative ALTER COLUMN rank_document SET STORAGE MAIN;",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "ALTER TABLE directory_data_version"
            " ADD COLUMN facets_version bigint NOT NULL DEFAULT 0;",
            "ALTER TABLE directory_data_version DROP COLUMN facets_version;",
        ),
        apply_sql(
            "facets_version.sql",
            reverse_sql="""
                DROP TRIGGER IF EXISTS directory_facets_version_update ON directory_initiative;
                DROP TRIGGER IF EXISTS directory_facets_version_insert ON directory_initiative;
                DROP TRIGGER IF EXISTS directory_facets_version_delete ON directory_initiative;
                DROP FUNCTION IF EXISTS directory_bump_facets_version();
                DROP SEQUENCE IF EXISTS directory_facets_version;
            """,
        ),
    ]
