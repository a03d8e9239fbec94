-- jobs schema version 5 for PostgreSQL. Placeholders: ${schema} and ${prefix} (the table prefix).

-- The dashboard: counts by state and queue (a loose index scan finds the queues of a state, then each
-- count stops at its limit), and pages of one state's jobs, or one queue's, newest first.
CREATE INDEX ${prefix}jobs_state_queue_idx ON ${schema}.${prefix}jobs (state, queue, id);
