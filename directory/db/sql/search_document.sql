-- The search document of each initiative and the denormalised arrays beside it, kept current
-- by triggers whatever writes the rows (admin, fixtures, imports, COPY). Applied by migrations
-- through directory.db.functions.apply_sql() (0016 first: 0011 holds the text from before the
-- other names); safe to apply again. Applying it changes no row: a migration that changes
-- what is computed also runs
-- directory.db.functions.REFRESH_SEARCH_DOCUMENTS (the row trigger recomputes every entry).

-- The document: name and other names (weight A), summary (B), kinds with their domain and
-- communes (C), description (D), in the directory_fr configuration (normalize.sql; other
-- names joined by names.sql).
CREATE OR REPLACE FUNCTION directory_search_document(
    entry_id bigint, entry_name text, entry_other_names text[], entry_summary text,
    entry_description text
) RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT
        setweight(to_tsvector('directory_fr', coalesce(entry_name, '')), 'A')
        || setweight(
            to_tsvector('directory_fr', coalesce(directory_joined_names(entry_other_names), '')),
            'A')
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
        NEW.id, NEW.name, NEW.other_names, NEW.summary, NEW.description
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

-- The row trigger fires in sessions with session_replication_role = replica too, where the
-- statement triggers do not: seed_synthetic's writers side by side (directory.synthetic.parallel).
ALTER TABLE directory_initiative ENABLE ALWAYS TRIGGER directory_initiative_search;
