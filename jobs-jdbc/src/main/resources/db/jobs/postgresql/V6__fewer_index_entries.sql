-- jobs schema version 6 for PostgreSQL. Placeholders: ${schema} and ${prefix} (the table prefix).
-- Two index entries fewer that every job without a unique key wrote, and one fewer for every job.

-- Unique jobs: the unique index holds only jobs that have a key. Most jobs have none, and each of
-- them wrote two entries here (inserted, claimed) that no statement ever read: a NULL key conflicts
-- with nothing.
DROP INDEX ${schema}.${prefix}jobs_unique_idx;
CREATE UNIQUE INDEX ${prefix}jobs_unique_idx ON ${schema}.${prefix}jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN (0, 1, 3, 6);

-- The dashboard's index leaves executing jobs out: they are few (the running nodes' slots and their
-- claims ahead) and the rescue index holds them all, while every job wrote an entry here when claimed.
-- The statements that look for one node's executing jobs then find them through the rescue index
-- whatever the statistics say: on statistics taken while every job was available, this index looked
-- cheaper and they read every executing job of the cluster.
DROP INDEX ${schema}.${prefix}jobs_state_queue_idx;
CREATE INDEX ${prefix}jobs_state_queue_idx ON ${schema}.${prefix}jobs (state, queue, id) WHERE state <> 1;
