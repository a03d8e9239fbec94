-- jobs schema version 3 for MariaDB 10.6+ (and MySQL 8.0+): cluster-wide limits. Placeholders: ${schema}
-- and ${prefix}.

-- The key a job's kind's per-key limits count it under (JobRequest.limitKey). The limits themselves are
-- configuration, not data: a changed limit applies on restart to the jobs stored already. A nullable
-- column added last is an instant change.
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN limit_key VARCHAR(255);

-- Starts of rate-limited kinds, for sliding rate windows: written by the claim that starts them and
-- deleted by later claims once older than the kind's longest window.
CREATE TABLE ${schema}.${prefix}jobs_limit_starts (
    kind       VARCHAR(255) NOT NULL,
    limit_key  VARCHAR(255),
    started_at DATETIME(6)  NOT NULL,
    INDEX ${prefix}jobs_limit_starts_idx (kind, started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row that claims under limits lock for the length of their transaction, so that two claims never
-- both see room under a limit.
CREATE TABLE ${schema}.${prefix}jobs_limit_lock (
    name VARCHAR(64) NOT NULL PRIMARY KEY
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO ${schema}.${prefix}jobs_limit_lock (name) VALUES ('claim');
