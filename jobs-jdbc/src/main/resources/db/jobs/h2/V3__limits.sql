-- jobs schema version 3 for H2: cluster-wide limits. Placeholders: ${schema} and ${prefix}.

-- The key a job's kind's per-key limits count it under (JobRequest.limitKey). The limits themselves are
-- configuration, not data: a changed limit applies on restart to the jobs stored already.
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN limit_key CHARACTER VARYING;

-- Starts of rate-limited kinds, for sliding rate windows: written by the claim that starts them and
-- deleted by later claims once older than the kind's longest window.
CREATE TABLE ${schema}.${prefix}jobs_limit_starts (
    kind       CHARACTER VARYING        NOT NULL,
    limit_key  CHARACTER VARYING,
    started_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE INDEX ${prefix}jobs_limit_starts_idx ON ${schema}.${prefix}jobs_limit_starts (kind, started_at);

-- One row that claims under limits lock for the length of their transaction, so that two claims never
-- both see room under a limit.
CREATE TABLE ${schema}.${prefix}jobs_limit_lock (
    name CHARACTER VARYING PRIMARY KEY
);

INSERT INTO ${schema}.${prefix}jobs_limit_lock (name) VALUES ('claim');
