-- Each place's position on a plane, for nearest-first searches on a GiST index: its own
-- coordinates or, failing them, its commune's centre, as point(longitude × k, latitude) where
-- k = cos(48.85°) (Île-de-France's mean latitude) makes a degree of longitude as long as a
-- degree of latitude. Within the region the plane's distances keep the ground's order (the
-- Python twin is directory.db.geo.planar_position). Applied by migrations through
-- directory.db.functions.apply_sql(); safe to apply again.

CREATE OR REPLACE FUNCTION directory_planar_position(latitude double precision, longitude double precision)
    RETURNS point LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT point(longitude * 0.6580326035166145, latitude) $$;

CREATE OR REPLACE FUNCTION directory_location_position_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL THEN
        NEW.position := directory_planar_position(NEW.latitude, NEW.longitude);
    ELSE
        NEW.position := (
            SELECT directory_planar_position(commune.latitude, commune.longitude)
              FROM directory_commune commune WHERE commune.id = NEW.commune_id
        );
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER directory_location_position
    BEFORE INSERT OR UPDATE ON directory_location
    FOR EACH ROW EXECUTE FUNCTION directory_location_position_trigger();

-- The row trigger fires in sessions with session_replication_role = replica too, where the
-- statement triggers do not: seed_synthetic's writers side by side (directory.synthetic.parallel).
-- Without it their places had no position, and an entry's similar ones, nearest first from the
-- position's index, fell back to reading every entry of its kinds (850-920 ms, a fifth of the
-- entry pages at 100,000 entries).
ALTER TABLE directory_location ENABLE ALWAYS TRIGGER directory_location_position;

-- A commune's new centre moves the places that stand at it.
CREATE OR REPLACE FUNCTION directory_commune_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_location place SET position = NULL
      FROM new_rows moved
     WHERE place.commune_id = moved.id AND (place.latitude IS NULL OR place.longitude IS NULL);
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER directory_commune_moved
    AFTER UPDATE ON directory_commune
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION directory_commune_moved();
