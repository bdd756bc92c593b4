-- The other names of an entry (Initiative.other_names) as one text, one name a line: what the
-- search document, the ranking document and the trigram index of other names read (Python:
-- directory.db.text.JoinedNames). Applied by migrations through
-- directory.db.functions.apply_sql() (0016 first); safe to apply again.

-- IMMUTABLE, unlike array_to_string() (an element's text may depend on settings for other
-- types, never for text), so that a generated column and an index can use it.
CREATE OR REPLACE FUNCTION directory_joined_names(names text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT array_to_string(names, E'\n') $$;
