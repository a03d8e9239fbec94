-- The jobs schema for MariaDB 10.6+ and MySQL 8.0+, for teams that run their own migrations (then build the store
-- with migrate(false), in Spring Boot jobs.jdbc.migrate=false). Generated from
-- jobs-jdbc/src/main/resources/db/jobs/mariadb: versions 1 to 5, in order. Tables go into
-- the current database with no prefix; to use a prefix, prefix every table, constraint and index name
-- below. A database at an earlier version applies the later versions' files in order
-- (see UPGRADING.md).

-- Version 1 (V1__create_jobs.sql)

CREATE TABLE jobs (
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
    CONSTRAINT jobs_state_check CHECK (state BETWEEN 0 AND 6),
    CONSTRAINT jobs_max_attempts_check CHECK (max_attempts >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX jobs_claim_idx ON jobs (state, queue, negated_priority, scheduled_at, id);
CREATE INDEX jobs_stage_idx ON jobs (state, scheduled_at);
CREATE INDEX jobs_prune_idx ON jobs (state, finished_at);
CREATE INDEX jobs_rescue_idx ON jobs (state, attempted_by);
CREATE UNIQUE INDEX jobs_unique_idx ON jobs (unique_holder);

CREATE TABLE jobs_nodes (
    id           VARCHAR(255) NOT NULL PRIMARY KEY,
    heartbeat_at DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE jobs_leader (
    name       VARCHAR(255) NOT NULL PRIMARY KEY,
    node_id    VARCHAR(255) NOT NULL,
    expires_at DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE jobs_queues (
    name   VARCHAR(255) NOT NULL PRIMARY KEY,
    paused BOOLEAN      NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE jobs_cron (
    name      VARCHAR(255) NOT NULL PRIMARY KEY,
    last_tick DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Version 2 (V2__workflows.sql)

-- What the handler returned, written with the completion; NULL for nothing. While pending (state 7):
-- how many dependencies have not finished yet. Whether other jobs depend on this one: only such
-- jobs' outcomes look at jobs_dependencies. Workflows: the workflow a step belongs to (the id of its
-- first step's job), the step's name, and whether it also waits for steps added while it waits.
ALTER TABLE jobs
    ADD COLUMN result LONGTEXT NULL,
    ADD COLUMN pending_dependencies INT NOT NULL DEFAULT 0,
    ADD COLUMN has_dependents BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN workflow_id BIGINT NULL,
    ADD COLUMN step VARCHAR(255) NULL,
    ADD COLUMN awaits_added BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX jobs_workflow_idx ON jobs (workflow_id);

-- JobState.code(): 7 pending joins 0..6.
ALTER TABLE jobs DROP CONSTRAINT jobs_state_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_state_check CHECK (state BETWEEN 0 AND 7);

-- One row per (dependency, waiting job).
CREATE TABLE jobs_dependencies (
    depends_on BIGINT  NOT NULL,
    job_id     BIGINT  NOT NULL,
    run_anyway BOOLEAN NOT NULL,
    PRIMARY KEY (depends_on, job_id),
    INDEX jobs_dependencies_job_idx (job_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Version 3 (V3__limits.sql)

-- The key a job's kind's per-key limits count it under (JobRequest.limitKey). The limits themselves are
-- configuration, not data: a changed limit applies on restart to the jobs stored already. A nullable
-- column added last is an instant change.
ALTER TABLE jobs ADD COLUMN limit_key VARCHAR(255);

-- Starts of rate-limited kinds, for sliding rate windows: written by the claim that starts them and
-- deleted by later claims once older than the kind's longest window.
CREATE TABLE jobs_limit_starts (
    kind       VARCHAR(255) NOT NULL,
    limit_key  VARCHAR(255),
    started_at DATETIME(6)  NOT NULL,
    INDEX jobs_limit_starts_idx (kind, started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row that claims under limits lock for the length of their transaction, so that two claims never
-- both see room under a limit.
CREATE TABLE jobs_limit_lock (
    name VARCHAR(64) NOT NULL PRIMARY KEY
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO jobs_limit_lock (name) VALUES ('claim');

-- Version 4 (V4__observability.sql)

-- JSON text, NULL when the job has none: tags as an array (["tenant:42", "import"]), meta as an object of
-- strings ({"traceparent": "00-..."}).
ALTER TABLE jobs ADD COLUMN tags TEXT, ADD COLUMN meta TEXT;

-- One row per tag of a job, for the listing's tag filter (no multi-valued indexes on MariaDB); rows go with
-- their job. Tags are at most 100 characters (JobTags.MAX_LENGTH).
CREATE TABLE jobs_tags (
    tag    VARCHAR(100) NOT NULL,
    job_id BIGINT       NOT NULL,
    PRIMARY KEY (tag, job_id),
    CONSTRAINT jobs_tags_job_fk FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX jobs_tags_job_idx ON jobs_tags (job_id);

-- What running jobs report (JobContext.progress and log), one row per job; rows go with their job.
CREATE TABLE jobs_progress (
    job_id     BIGINT      NOT NULL PRIMARY KEY,
    attempt    INT         NOT NULL,
    fraction   DOUBLE,
    done       BIGINT,
    total      BIGINT,
    log        LONGTEXT    NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT jobs_progress_job_fk FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Version 5 (V5__dashboard.sql)

-- The dashboard: counts by state and queue (a loose index scan finds the queues of a state, then each
-- count stops at its limit), and pages of one state's jobs, or one queue's, newest first.
CREATE INDEX jobs_state_queue_idx ON jobs (state, queue, id);
