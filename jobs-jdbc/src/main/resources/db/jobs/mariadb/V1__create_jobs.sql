-- jobs schema version 1 for MariaDB 10.6+ (and MySQL 8.0+: only SQL both accept). Placeholders: ${schema}
-- (the database) and ${prefix} (the table prefix). Times are DATETIME(6) in UTC; text compares byte for byte.

CREATE TABLE ${schema}.${prefix}jobs (
    id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    queue            VARCHAR(255) NOT NULL,
    kind             VARCHAR(255) NOT NULL,
    -- JSON text, stored exactly as given.
    args             LONGTEXT     NOT NULL,
    -- JobState.code(): 0 available, 1 executing, 2 completed, 3 retryable, 4 discarded, 5 cancelled, 6 scheduled
    state            SMALLINT     NOT NULL,
    priority         INT          NOT NULL DEFAULT 0,
    attempt          INT          NOT NULL DEFAULT 0,
    max_attempts     INT          NOT NULL,
    inserted_at      DATETIME(6)  NOT NULL,
    scheduled_at     DATETIME(6)  NOT NULL,
    attempted_at     DATETIME(6),
    attempted_by     VARCHAR(255),
    finished_at      DATETIME(6),
    -- JSON array text: [{"attempt": 1, "at": "...", "error": "...", "trace": "..."}], oldest first
    errors           LONGTEXT     NOT NULL DEFAULT ('[]'),
    unique_key       VARCHAR(255),
    timeout_ms       BIGINT,
    cancel_requested BOOLEAN      NOT NULL DEFAULT FALSE,
    -- No partial indexes: the key counts only while the job waits or runs (states 0, 1, 3, 6), and a unique
    -- index on this column (NULLs are distinct) holds one holder per key.
    unique_holder    VARCHAR(255) GENERATED ALWAYS AS (CASE WHEN state IN (0, 1, 3, 6) THEN unique_key END) STORED,
    -- The claim order is priority descending: MariaDB before 10.8 ignores DESC in an index, so the claim
    -- index holds the negated priority, ascending like the rest of the order.
    negated_priority INT          GENERATED ALWAYS AS (-priority) STORED,
    CONSTRAINT ${prefix}jobs_state_check CHECK (state BETWEEN 0 AND 6),
    CONSTRAINT ${prefix}jobs_max_attempts_check CHECK (max_attempts >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ${prefix}jobs_claim_idx ON ${schema}.${prefix}jobs (state, queue, negated_priority, scheduled_at, id);
CREATE INDEX ${prefix}jobs_stage_idx ON ${schema}.${prefix}jobs (state, scheduled_at);
CREATE INDEX ${prefix}jobs_prune_idx ON ${schema}.${prefix}jobs (state, finished_at);
CREATE INDEX ${prefix}jobs_rescue_idx ON ${schema}.${prefix}jobs (state, attempted_by);
CREATE UNIQUE INDEX ${prefix}jobs_unique_idx ON ${schema}.${prefix}jobs (unique_holder);

CREATE TABLE ${schema}.${prefix}jobs_nodes (
    id           VARCHAR(255) NOT NULL PRIMARY KEY,
    heartbeat_at DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ${schema}.${prefix}jobs_leader (
    name       VARCHAR(255) NOT NULL PRIMARY KEY,
    node_id    VARCHAR(255) NOT NULL,
    expires_at DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ${schema}.${prefix}jobs_queues (
    name   VARCHAR(255) NOT NULL PRIMARY KEY,
    paused BOOLEAN      NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE ${schema}.${prefix}jobs_cron (
    name      VARCHAR(255) NOT NULL PRIMARY KEY,
    last_tick DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
