"""The SQL functions and triggers from their files, and the data-version table as a model.

Applies ``directory/db/sql/*.sql``, the current definitions of what migrations 0004, 0007 and
0008 created (identical then: on an existing database this changed nothing). ``DataVersion``
describes the table of migration 0008; it is unmanaged, so its ``CreateModel`` only records it
in the migration state.

``search_document.sql`` is applied as it was written then (``SEARCH_DOCUMENT``): its later text
reads ``other_names`` (migration 0015) through a function of ``names.sql`` (0016), which do not
exist yet here; migration 0016 applies the file's current text.
"""

from django.db import migrations, models

from directory.db.functions import apply_sql

# directory/db/sql/search_document.sql as it was until migration 0016.
SEARCH_DOCUMENT = r"""
-- The search document of each initiative and the denormalised arrays beside it, kept current
-- by triggers whatever writes the rows (admin, fixtures, imports, COPY). Applied by migrations
-- through directory.db.functions.apply_sql() (0011 first); safe to apply again. Applying it
-- changes no row: a migration that changes what is computed also runs
-- directory.db.functions.REFRESH_SEARCH_DOCUMENTS (the row trigger recomputes every entry).

-- The document: name (weight A), summary (B), kinds with their domain and communes (C),
-- description (D), in the directory_fr configuration (normalize.sql).
CREATE OR REPLACE FUNCTION directory_search_document(
    entry_id bigint, entry_name text, entry_summary text, entry_description text
) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT
        setweight(to_tsvector('directory_fr', coalesce(entry_name, '')), 'A')
        || setweight(to_tsvector('directory_fr', coalesce(entry_summary, '')), 'B')
        || setweight(to_tsvector('directory_fr', concat_ws(' ',
            (SELECT string_agg(concat_ws(' ', kind.name, domain.name), ' ')
               FROM directory_initiative_categories link
               JOIN directory_category kind ON kind.id = link.category_id
               LEFT JOIN directory_category domain ON domain.id = kind.parent_id
              WHERE link.initiative_id = entry_id),
            (SELECT string_agg(DISTINCT commune.name, ' ')
               FROM directory_location place
               JOIN directory_commune commune ON commune.id = place.commune_id
              WHERE place.initiative_id = entry_id)
        )), 'C')
        || setweight(to_tsvector('directory_fr', coalesce(entry_description, '')), 'D')
$$;

-- Each written initiative row gets its document and its arrays, for filters and facet counts
-- that read one table: kinds with their domains, the places' départements, and their communes
-- with Paris for its arrondissements (Initiative.category_ids, departement_ids, commune_ids).
CREATE OR REPLACE FUNCTION directory_initiative_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := directory_search_document(
        NEW.id, NEW.name, NEW.summary, NEW.description
    );
    NEW.category_ids := ARRAY(
        SELECT link.category_id FROM directory_initiative_categories link
         WHERE link.initiative_id = NEW.id
        UNION
        SELECT kind.parent_id FROM directory_initiative_categories link
          JOIN directory_category kind ON kind.id = link.category_id
         WHERE link.initiative_id = NEW.id AND kind.parent_id IS NOT NULL
        ORDER BY 1
    );
    NEW.departement_ids := ARRAY(
        SELECT DISTINCT commune.departement_id FROM directory_location place
          JOIN directory_commune commune ON commune.id = place.commune_id
         WHERE place.initiative_id = NEW.id
         ORDER BY 1
    );
    NEW.commune_ids := ARRAY(
        SELECT place.commune_id FROM directory_location place
         WHERE place.initiative_id = NEW.id
        UNION
        SELECT commune.parent_id FROM directory_location place
          JOIN directory_commune commune ON commune.id = place.commune_id
         WHERE place.initiative_id = NEW.id AND commune.parent_id IS NOT NULL
        ORDER BY 1
    );
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER directory_initiative_search
    BEFORE INSERT OR UPDATE ON directory_initiative
    FOR EACH ROW EXECUTE FUNCTION directory_initiative_search_trigger();

-- Writes to kind links and places refresh their entries once per statement (bulk loads
-- update each entry once): the row trigger above recomputes every updated row.
CREATE OR REPLACE FUNCTION directory_refresh_search_documents(entry_ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
    UPDATE directory_initiative SET search_document = NULL WHERE id = ANY(entry_ids)
$$;

CREATE OR REPLACE FUNCTION directory_related_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM directory_refresh_search_documents(
        ARRAY(SELECT DISTINCT initiative_id FROM new_rows));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION directory_related_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM directory_refresh_search_documents(
        ARRAY(SELECT DISTINCT initiative_id FROM old_rows));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION directory_related_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM directory_refresh_search_documents(ARRAY(
        SELECT initiative_id FROM new_rows UNION SELECT initiative_id FROM old_rows));
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER directory_categories_inserted
    AFTER INSERT ON directory_initiative_categories
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_related_inserted();
CREATE OR REPLACE TRIGGER directory_categories_deleted
    AFTER DELETE ON directory_initiative_categories
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_related_deleted();
CREATE OR REPLACE TRIGGER directory_categories_updated
    AFTER UPDATE ON directory_initiative_categories
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_related_updated();

CREATE OR REPLACE TRIGGER directory_locations_inserted
    AFTER INSERT ON directory_location
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_related_inserted();
CREATE OR REPLACE TRIGGER directory_locations_deleted
    AFTER DELETE ON directory_location
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_related_deleted();
CREATE OR REPLACE TRIGGER directory_locations_updated
    AFTER UPDATE ON directory_location
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_related_updated();

-- A renamed category changes the documents of its entries (and of its kinds' entries).
CREATE OR REPLACE FUNCTION directory_category_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM directory_refresh_search_documents(ARRAY(
        SELECT DISTINCT link.initiative_id
          FROM directory_initiative_categories link
          JOIN directory_category kind ON kind.id = link.category_id
          JOIN new_rows renamed ON renamed.id IN (kind.id, kind.parent_id)));
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER directory_category_renamed
    AFTER UPDATE ON directory_category
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_category_renamed();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0010_roles"),
    ]

    operations = [
        # The files of that day (places.sql came with 0012), search_document.sql as it was.
        apply_sql("normalize.sql"),
        migrations.RunSQL(SEARCH_DOCUMENT, migrations.RunSQL.noop),
        apply_sql("data_version.sql"),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.SmallIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(verbose_name="version")),
                ("changed_at", models.DateTimeField(verbose_name="modifiée le")),
            ],
            options={
                "verbose_name": "version des données publiques",
                "verbose_name_plural": "versions des données publiques",
                "db_table": "directory_data_version",
                "managed": False,
                "default_permissions": (),
            },
        ),
    ]
