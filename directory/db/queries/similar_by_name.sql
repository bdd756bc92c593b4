-- The first count published entries of the kinds by name: the name index read in order, each
-- entry's kinds read on the published entries' covering index (both index-only, no row read
-- before the count are found), then only those count rows.
SELECT entry.id, entry.name, entry.slug, entry.summary
  FROM directory_initiative entry
 WHERE entry.id IN (
    SELECT named.id
      FROM directory_initiative named
      JOIN directory_initiative kin ON kin.id = named.id
     WHERE named.status = %(published)s AND kin.status = %(published)s
       AND kin.category_ids && %(kinds)s::bigint[] AND named.id <> %(self)s
     ORDER BY named.name, named.id
     LIMIT %(count)s)
 ORDER BY entry.name, entry.id
