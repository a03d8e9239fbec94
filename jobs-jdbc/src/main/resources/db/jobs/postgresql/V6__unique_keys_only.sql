-- jobs schema version 6 for PostgreSQL. Placeholders: ${schema} and ${prefix} (the table prefix).

-- Unique jobs: the unique index holds only jobs that have a key. Most jobs have none, and each of
-- them wrote two entries here (inserted, claimed) that no statement ever read: a NULL key conflicts
-- with nothing. The new index is built before the old one is dropped: the build blocks writes only,
-- the drop blocks reads as well, until the migration commits right after it.
CREATE UNIQUE INDEX ${prefix}jobs_unique_key_idx ON ${schema}.${prefix}jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN (0, 1, 3, 6);
DROP INDEX ${schema}.${prefix}jobs_unique_idx;
ALTER INDEX ${schema}.${prefix}jobs_unique_key_idx RENAME TO ${prefix}jobs_unique_idx;
