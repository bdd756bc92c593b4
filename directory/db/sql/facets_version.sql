-- The version of what facet counts read: each published entry's status, kinds and domains,
-- départements, legal form, principles and scope, and its name and slug (which label and name
-- the options of the relation facets, read with the bitsets: relations.sql bumps it too). It changes only when a statement changes one
-- of them (a new summary does not), so the bitsets that count facets in each server process
-- (directory.listing.bitsets) are rebuilt only then. Its values come from a sequence, never
-- reused even when a transaction rolls back, so a version names one state of those columns.
-- Applied by migrations 0013 and 0024 through directory.db.functions.apply_sql(); safe to apply again.

CREATE SEQUENCE IF NOT EXISTS directory_facets_version;

CREATE OR REPLACE FUNCTION directory_bump_facets_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Only the update trigger has the transition tables.
    IF TG_OP = 'UPDATE' THEN
        IF NOT EXISTS (
            SELECT 1 FROM old_rows FULL JOIN new_rows USING (id)
             WHERE (old_rows.status, old_rows.category_ids, old_rows.departement_ids,
                    old_rows.legal_form, old_rows.principles, old_rows.scope,
                    old_rows.name, old_rows.slug)
                   IS DISTINCT FROM
                   (new_rows.status, new_rows.category_ids, new_rows.departement_ids,
                    new_rows.legal_form, new_rows.principles, new_rows.scope,
                    new_rows.name, new_rows.slug)
        ) THEN
            RETURN NULL;
        END IF;
    END IF;
    UPDATE directory_data_version SET facets_version = nextval('directory_facets_version')
     WHERE id = 1;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER directory_facets_version_update
    AFTER UPDATE ON directory_initiative REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_facets_version();

CREATE OR REPLACE TRIGGER directory_facets_version_insert
    AFTER INSERT ON directory_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_facets_version();

CREATE OR REPLACE TRIGGER directory_facets_version_delete
    AFTER DELETE OR TRUNCATE ON directory_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_facets_version();
