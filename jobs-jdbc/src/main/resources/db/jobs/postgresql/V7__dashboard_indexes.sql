-- jobs schema version 7 for PostgreSQL. Placeholders: ${schema} and ${prefix} (the table prefix).

-- The dashboard's failures by minute count the retryable jobs attempted since a time: this index
-- holds only those (a job that never fails writes nothing here). Without it each count read every
-- retryable and scheduled job. Built first: its build blocks writes only, while the drop below blocks
-- reads too until the migration commits.
CREATE INDEX ${prefix}jobs_retryable_idx ON ${schema}.${prefix}jobs (attempted_at) WHERE state = 3;

-- The dashboard's index leaves executing jobs out: they are few (the running nodes' slots and their
-- claims ahead) and the rescue index holds them all, while every job wrote an entry here when claimed
-- that no statement needed. The statements that look for one node's executing jobs then read the
-- rescue index whatever the statistics say: on statistics taken while every job was available, this
-- index looked cheaper, and they read every executing job of the cluster. The new index is built
-- before the old one is dropped: the build blocks writes only, the drop blocks reads as well, until
-- the migration commits right after it.
CREATE INDEX ${prefix}jobs_state_queue_idle_idx ON ${schema}.${prefix}jobs (state, queue, id) WHERE state <> 1;
DROP INDEX ${schema}.${prefix}jobs_state_queue_idx;
ALTER INDEX ${schema}.${prefix}jobs_state_queue_idle_idx RENAME TO ${prefix}jobs_state_queue_idx;
