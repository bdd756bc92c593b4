"""A version number of the public data, bumped by triggers on every write that can change
a public page. Page caches and ETags are keyed by it (directory/public/caching.py), so an edit
or a publication shows at once, whatever wrote it: admin, fixtures, COPY, raw SQL."""

# Current definition: directory/db/sql/data_version.sql (see 0011); table: models.DataVersion.

from django.db import migrations

TABLES = [
    "directory_initiative",
    "directory_initiative_categories",
    "directory_initiative_sources",
    "directory_location",
    "directory_category",
    "directory_departement",
    "directory_commune",
    "directory_source",
    "directory_term",
]

SQL = """
CREATE TABLE directory_data_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO directory_data_version VALUES (1, 1, now());

CREATE FUNCTION directory_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_data_version SET version = version + 1, changed_at = now() WHERE id = 1;
    RETURN NULL;
END $$;
""" + "".join(
    f"""
CREATE TRIGGER directory_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();
"""
    for table in TABLES
)

REVERSE_SQL = "".join(
    f"DROP TRIGGER IF EXISTS directory_data_version ON {table};\n" for table in TABLES
) + (
    "DROP FUNCTION IF EXISTS directory_bump_data_version();\n"
    "DROP TABLE IF EXISTS directory_data_version;\n"
)


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_denormalized_filters")]

    operations = [migrations.RunSQL(SQL, REVERSE_SQL)]
