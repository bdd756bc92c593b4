-- How the entries' short columns are stored. An entry's row holds two text-search documents
-- (search_document, rank_document) beside its description, some 3.6 kB in all at 100,000
-- synthetic entries: above the 2 kB that PostgreSQL keeps in the row, so its toaster
-- compressed and moved out of line, into the TOAST table, even the short arrays that facet
-- counts and filters read (kinds, départements, communes, principles). Reading them then cost
-- an index lookup in the TOAST table for each entry: summing cardinality(category_ids) over
-- 100,000 entries read 411,000 buffers in 378 ms, and the facet bitsets' query
-- (directory.listing.bitsets), which each server process runs at start and after a change to
-- what facets count, took 3.1 s. MAIN keeps a value in the row, compressed if need be, and moves
-- it out only when nothing else can go: the same sum then reads 13,000 buffers in 48 ms, the
-- bitsets' query 1.0-1.1 s. The long columns (description, documents) stay EXTENDED.
-- Only rows written after the change are stored so; VACUUM FULL directory_initiative rewrites
-- the others (README, Performance). Applied by migration 0029 through
-- directory.db.functions.apply_sql(); safe to apply again. Changing a column's type resets
-- its storage: a migration that does so applies this file again.

ALTER TABLE directory_initiative
    ALTER COLUMN category_ids SET STORAGE MAIN,
    ALTER COLUMN departement_ids SET STORAGE MAIN,
    ALTER COLUMN commune_ids SET STORAGE MAIN,
    ALTER COLUMN principles SET STORAGE MAIN,
    ALTER COLUMN legal_form SET STORAGE MAIN,
    ALTER COLUMN scope SET STORAGE MAIN,
    ALTER COLUMN status SET STORAGE MAIN,
    ALTER COLUMN slug SET STORAGE MAIN,
    ALTER COLUMN name_normalized SET STORAGE MAIN,
    ALTER COLUMN other_names SET STORAGE MAIN,
    ALTER COLUMN join_details SET STORAGE MAIN;
