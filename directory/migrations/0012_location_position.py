"""Each place's planar position (kept by the trigger of ``directory/db/sql/places.sql``) and its
GiST index, for similar entries nearest first from the index."""

import directory.db.geo
import django.contrib.postgres.indexes
from django.db import migrations

from directory.db.functions import apply_sql

# The row trigger computes every position it sees updated; the entries' search documents do not
# depend on positions, so the statement trigger that refreshes them sleeps meanwhile.
FILL_POSITIONS = """
ALTER TABLE directory_location DISABLE TRIGGER directory_locations_updated;
UPDATE directory_location SET position = NULL;
ALTER TABLE directory_location ENABLE TRIGGER directory_locations_updated;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0011_sql_definitions'),
    ]

    operations = [
        migrations.AddField(
            model_name='location',
            name='position',
            field=directory.db.geo.PlanarPositionField(editable=False, null=True, verbose_name='position'),
        ),
        migrations.AddIndex(
            model_name='location',
            index=django.contrib.postgres.indexes.GistIndex(fields=['position'], name='directory_location_position'),
        ),
        apply_sql("places.sql", reverse_sql="""
            DROP TRIGGER IF EXISTS directory_commune_moved ON directory_commune;
            DROP TRIGGER IF EXISTS directory_location_position ON directory_location;
            DROP FUNCTION IF EXISTS directory_commune_moved();
            DROP FUNCTION IF EXISTS directory_location_position_trigger();
            DROP FUNCTION IF EXISTS directory_planar_position(double precision, double precision);
        """),
        migrations.RunSQL(FILL_POSITIONS, migrations.RunSQL.noop),
    ]
