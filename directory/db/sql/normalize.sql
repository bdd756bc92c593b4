-- Text as the database compares it: the directory_fr text search configuration and
-- directory_normalize(). Python twin: directory.db.text.normalize() (tests/test_sql_twins.py
-- compares them). Applied by migrations through directory.db.functions.apply_sql() (0011
-- first); safe to apply again.

-- French stemming, with accents removed first. The configuration is a copy of
-- pg_catalog.french made once (PostgreSQL has no CREATE OR REPLACE for it); the mappings
-- below are set again on every application.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT FROM pg_ts_config
         WHERE cfgname = 'directory_fr' AND cfgnamespace = current_schema()::regnamespace
    ) THEN
        CREATE TEXT SEARCH CONFIGURATION directory_fr (COPY = pg_catalog.french);
    END IF;
END $$;
ALTER TEXT SEARCH CONFIGURATION directory_fr
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

-- Lower-case text without accents, IMMUTABLE so that indexes and generated columns can use it
-- (Initiative.name_normalized, the directory_commune_name_trgm index).
CREATE OR REPLACE FUNCTION directory_normalize(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
