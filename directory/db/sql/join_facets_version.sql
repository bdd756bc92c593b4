-- The facets on how to join (distribution days, ages taken, availability) read three more
-- columns of each entry: a statement that changes one of them moves the facets' version too, as
-- directory_bump_facets_version does for the others (facets_version.sql, whose insert and
-- delete triggers already cover these columns). Kept apart so that migration 0013, which applies
-- facets_version.sql on a fresh database, never reads columns that migration 0023 adds.
-- Applied by migration 0023 through directory.db.functions.apply_sql(); safe to apply again.

CREATE OR REPLACE FUNCTION directory_bump_join_facets_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM old_rows FULL JOIN new_rows USING (id)
         WHERE (old_rows.join_details, old_rows.availability, old_rows.availability_on)
               IS DISTINCT FROM
               (new_rows.join_details, new_rows.availability, new_rows.availability_on)
    ) THEN
        UPDATE directory_data_version SET facets_version = nextval('directory_facets_version')
         WHERE id = 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER directory_join_facets_version_update
    AFTER UPDATE ON directory_initiative REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_join_facets_version();
