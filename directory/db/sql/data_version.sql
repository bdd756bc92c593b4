-- The version of the public data: every statement that writes a table a public page shows
-- bumps it, whatever ran it (admin, fixtures, COPY, raw SQL). Public pages and reference lists
-- are cached per version (directory.models.data_version). The one-row table is migration
-- 0008's, described by the unmanaged model DataVersion. Applied by migrations through
-- directory.db.functions.apply_sql() (0011 first); safe to apply again.

CREATE OR REPLACE FUNCTION directory_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_data_version SET version = version + 1, changed_at = now() WHERE id = 1;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_initiative_categories
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_initiative_sources
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_location
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_category
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_departement
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_commune
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_source
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_term
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();
