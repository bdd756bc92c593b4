WITH near AS (
    SELECT place.initiative_id, place.position <-> point(%(x)s, %(y)s) AS gap
      FROM directory_location place
      JOIN directory_initiative entry ON entry.id = place.initiative_id
     WHERE entry.status = %(published)s AND entry.category_ids && %(kinds)s::bigint[]
       AND entry.id <> %(self)s
     ORDER BY place.position <-> point(%(x)s, %(y)s)
     LIMIT %(places)s
), placed AS MATERIALIZED (
    SELECT entry.id, entry.name, entry.slug, entry.summary, min(near.gap) AS gap
      FROM near JOIN directory_initiative entry ON entry.id = near.initiative_id
     GROUP BY entry.id
     ORDER BY gap, entry.name, entry.id
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
