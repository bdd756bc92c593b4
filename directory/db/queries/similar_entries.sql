-- found: the nearest entries of the kinds, one a step, each step reading the GiST index in
-- distance order (<->) up to the first place of an entry not yet found, at most `places`
-- places; the last one's gap is the reach of the count nearest entries. near: every entry with
-- a place within that reach (a box on the same index, then the exact distance), at its nearest
-- place, read on the published entries' covering index; or, when the steps found fewer (a kind
-- that few entries have, or none near), every entry of the kinds at its nearest place. placed:
-- the count nearest of those, ties by name then id.
WITH RECURSIVE found (gap, step, seen) AS (
    SELECT NULL::float8, 0, ARRAY[%(self)s]::bigint[]
    UNION ALL
    SELECT nearest.gap, found.step + 1, found.seen || nearest.id
      FROM found CROSS JOIN LATERAL (
        SELECT entry.id, place.gap
          FROM (SELECT initiative_id, position <-> point(%(x)s, %(y)s) AS gap
                  FROM directory_location
                 ORDER BY position <-> point(%(x)s, %(y)s)
                 LIMIT %(places)s) place
          JOIN directory_initiative entry ON entry.id = place.initiative_id
         WHERE entry.status = %(published)s AND entry.category_ids && %(kinds)s::bigint[]
           AND entry.id <> ALL (found.seen)
         ORDER BY place.gap
         LIMIT 1
      ) nearest
     WHERE found.step < %(count)s
), reach AS (
    SELECT max(gap) AS gap, count(*) <= %(count)s AS short FROM found
), near AS MATERIALIZED (
    SELECT place.initiative_id AS id, min(place.position <-> point(%(x)s, %(y)s)) AS gap
      FROM reach, directory_location place
      JOIN directory_initiative entry ON entry.id = place.initiative_id
     WHERE NOT reach.short AND place.position <@ box(
               point(%(x)s - reach.gap * 1.000001, %(y)s - reach.gap * 1.000001),
               point(%(x)s + reach.gap * 1.000001, %(y)s + reach.gap * 1.000001))
       AND place.position <-> point(%(x)s, %(y)s) <= reach.gap
       AND entry.status = %(published)s AND entry.category_ids && %(kinds)s::bigint[]
       AND entry.id <> %(self)s
     GROUP BY place.initiative_id
    UNION ALL
    SELECT place.initiative_id, min(place.position <-> point(%(x)s, %(y)s))
      FROM directory_initiative entry
      JOIN directory_location place ON place.initiative_id = entry.id
     WHERE (SELECT short FROM reach)
       AND entry.status = %(published)s AND entry.category_ids && %(kinds)s::bigint[]
       AND entry.id <> %(self)s
     GROUP BY place.initiative_id
), placed AS MATERIALIZED (
    SELECT near.id, entry.name, entry.slug, entry.summary, near.gap
      FROM near CROSS JOIN LATERAL (
        SELECT name, slug, summary FROM directory_initiative WHERE id = near.id OFFSET 0
      ) entry
     ORDER BY near.gap, entry.name, near.id
     LIMIT %(count)s
)
SELECT id, name, slug, summary FROM (
    SELECT id, name, slug, summary, 0 AS part, gap FROM placed
    UNION ALL
    (SELECT entry.id, entry.name, entry.slug, entry.summary, 1, NULL
       FROM directory_initiative entry
      WHERE (SELECT count(*) FROM placed) < %(count)s
        AND entry.status = %(published)s AND entry.category_ids && %(kinds)s::bigint[]
        AND entry.id <> %(self)s
        AND NOT EXISTS (
            SELECT 1 FROM directory_location place WHERE place.initiative_id = entry.id)
      ORDER BY entry.name, entry.id
      LIMIT %(count)s)
) found
ORDER BY part, gap, name, id
LIMIT %(count)s
