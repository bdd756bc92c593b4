-- Relations between entries (directory_relation, migration 0024) change public pages and facet
-- counts (directory.listing.bitsets counts the subjects of each object): every statement that
-- writes them bumps the data version and the facets' version, whatever ran it (admin,
-- fixtures, raw SQL). Editing only a curator's note bumps the facets' version too: rare, and
-- cheaper than comparing rows. Applied by migration 0024 through
-- directory.db.functions.apply_sql(); safe to apply again.

CREATE OR REPLACE FUNCTION directory_bump_facets_version_for_relations() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_data_version SET facets_version = nextval('directory_facets_version')
     WHERE id = 1;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER directory_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_relation
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_data_version();

CREATE OR REPLACE TRIGGER directory_facets_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON directory_relation
    FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_facets_version_for_relations();
