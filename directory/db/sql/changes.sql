-- The entries that each data version changed. After an edit, the ids a filter state keeps
-- (directory.listing.kept_ids) are read again for these entries alone, rather than for every
-- entry: a common word's ids took 40-90 ms of SQL at 100,000 entries, and each edit emptied
-- them all; the facets' bitsets (directory.listing.bitsets) are brought up to date from it too.
-- Every statement on an entry, a place or a relation logs the entries it wrote (a place: the
-- entry it belongs to, before and after; a relation: the two entries it links), under the data
-- version its statement bumped (data_version.sql; triggers of one event fire in the order of
-- their names, so the bump's comes first and this one reads the version it set). A statement
-- that writes more than 1,000 entries (PATCH_AT_MOST), or TRUNCATE, logs one row with no entry:
-- every state is read again. ``facets`` says whether the statement may have changed what facets
-- count: always, but for the new data version that ``changed_everything(facets=False)`` logs
-- as every entry without moving the facets' version (the benchmark's way of emptying every
-- cache), which the bitsets then need not be built again for (directory.listing.bitsets: a
-- full build takes some 1.8 s at 100,000 entries, in every server process).
-- Rows older than a day go: kept ids are cached for an hour at most, so a log that old is
-- never read. Applied by migration 0026 through directory.db.functions.apply_sql(); safe to
-- apply again.

CREATE TABLE IF NOT EXISTS directory_change (
    version bigint NOT NULL,
    initiative_id bigint,
    changed_at timestamp with time zone NOT NULL DEFAULT now()
);

ALTER TABLE directory_change ADD COLUMN IF NOT EXISTS facets boolean NOT NULL DEFAULT true;

CREATE INDEX IF NOT EXISTS directory_change_version ON directory_change (version);

CREATE INDEX IF NOT EXISTS directory_change_changed_at ON directory_change (changed_at);

CREATE OR REPLACE FUNCTION directory_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    current bigint;
    changed bigint[];
BEGIN
    SELECT version INTO current FROM directory_data_version WHERE id = 1;
    DELETE FROM directory_change WHERE changed_at < now() - interval '1 day';
    -- Up to 1,001 distinct entries: more mean a bulk statement, logged as every entry.
    IF TG_OP = 'TRUNCATE' THEN
        changed := NULL;
    ELSIF TG_TABLE_NAME = 'directory_location' THEN
        IF TG_OP = 'INSERT' THEN
            changed := ARRAY(SELECT DISTINCT initiative_id FROM new_rows LIMIT 1001);
        ELSIF TG_OP = 'DELETE' THEN
            changed := ARRAY(SELECT DISTINCT initiative_id FROM old_rows LIMIT 1001);
        ELSE
            changed := ARRAY(
                SELECT DISTINCT ids.initiative_id FROM (
                    SELECT initiative_id FROM old_rows UNION ALL SELECT initiative_id FROM new_rows
                ) ids LIMIT 1001
            );
        END IF;
    ELSIF TG_TABLE_NAME = 'directory_relation' THEN
        -- Both entries a relation links: its subject and its object.
        IF TG_OP = 'INSERT' THEN
            changed := ARRAY(SELECT DISTINCT entry FROM new_rows,
                             unnest(ARRAY[subject_id, object_id]) AS entry LIMIT 1001);
        ELSIF TG_OP = 'DELETE' THEN
            changed := ARRAY(SELECT DISTINCT entry FROM old_rows,
                             unnest(ARRAY[subject_id, object_id]) AS entry LIMIT 1001);
        ELSE
            changed := ARRAY(
                SELECT DISTINCT entry FROM (
                    SELECT subject_id, object_id FROM old_rows
                    UNION ALL SELECT subject_id, object_id FROM new_rows
                ) rows, unnest(ARRAY[rows.subject_id, rows.object_id]) AS entry LIMIT 1001
            );
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        changed := ARRAY(SELECT id FROM new_rows LIMIT 1001);
    ELSIF TG_OP = 'DELETE' THEN
        changed := ARRAY(SELECT id FROM old_rows LIMIT 1001);
    ELSE
        -- An update cannot change an entry's id (its foreign keys would refuse it).
        changed := ARRAY(SELECT id FROM new_rows LIMIT 1001);
    END IF;
    IF changed IS NULL OR cardinality(changed) > 1000 THEN
        INSERT INTO directory_change (version, initiative_id) VALUES (current, NULL);
    ELSIF cardinality(changed) > 0 THEN
        INSERT INTO directory_change (version, initiative_id) SELECT current, unnest(changed);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER directory_data_version_log_insert
    AFTER INSERT ON directory_initiative REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_update
    AFTER UPDATE ON directory_initiative REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_delete
    AFTER DELETE ON directory_initiative REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_truncate
    AFTER TRUNCATE ON directory_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_insert
    AFTER INSERT ON directory_location REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_update
    AFTER UPDATE ON directory_location REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_delete
    AFTER DELETE ON directory_location REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_truncate
    AFTER TRUNCATE ON directory_location
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_insert
    AFTER INSERT ON directory_relation REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_update
    AFTER UPDATE ON directory_relation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_delete
    AFTER DELETE ON directory_relation REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();

CREATE OR REPLACE TRIGGER directory_data_version_log_truncate
    AFTER TRUNCATE ON directory_relation
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log_changes();
