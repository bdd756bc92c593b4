-- The facets' version (facets_version.sql) also names a state of the published places' opening
-- hours: the open-now filter's counts and the page cache's next change of an open state read
-- them from the process's bitsets (directory.listing.hours). A statement that changes a place's
-- hours or schedule, moves a place to another entry, or adds or removes a place with hours,
-- bumps it. Applied by migration 0022 through directory.db.functions.apply_sql(); safe to
-- apply again.

CREATE OR REPLACE FUNCTION directory_bump_facets_version_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (
            SELECT 1 FROM old_rows FULL JOIN new_rows USING (id)
             WHERE (old_rows.initiative_id, old_rows.opening_hours, old_rows.schedule)
                   IS DISTINCT FROM
                   (new_rows.initiative_id, new_rows.opening_hours, new_rows.schedule)
        ) THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM new_rows WHERE opening_hours <> '') THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows WHERE opening_hours <> '') THEN
            RETURN NULL;
        END IF;
    END IF;
    UPDATE directory_data_version SET facets_version = nextval('directory_facets_version')
     WHERE id = 1;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER directory_facets_version_places_update
    AFTER UPDATE ON directory_location REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_facets_version_places();

CREATE OR REPLACE TRIGGER directory_facets_version_places_insert
    AFTER INSERT ON directory_location REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_facets_version_places();

CREATE OR REPLACE TRIGGER directory_facets_version_places_delete
    AFTER DELETE ON directory_location REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_facets_version_places();

CREATE OR REPLACE TRIGGER directory_facets_version_places_truncate
    AFTER TRUNCATE ON directory_location
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_facets_version_places();
