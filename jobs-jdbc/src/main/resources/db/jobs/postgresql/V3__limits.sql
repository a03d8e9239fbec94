-- jobs schema version 3 for PostgreSQL: cluster-wide limits. Placeholders: ${schema} and ${prefix}.

-- The key a job's kind's per-key limits count it under (JobRequest.limitKey). The limits themselves are
-- configuration, not data: a changed limit applies on restart to the jobs stored already. A nullable
-- column without a default is added without rewriting the table.
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN limit_key text;

-- Starts of rate-limited kinds, for sliding rate windows: written by the claim that starts them and
-- deleted by later claims once older than the kind's longest window. Unlogged: after a crash the
-- windows start empty, which at most lets one window's worth of jobs start early.
CREATE UNLOGGED TABLE ${schema}.${prefix}jobs_limit_starts (
    kind       text        NOT NULL,
    limit_key  text,
    started_at timestamptz NOT NULL
);

CREATE INDEX ${prefix}jobs_limit_starts_idx ON ${schema}.${prefix}jobs_limit_starts (kind, started_at);
