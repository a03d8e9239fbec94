-- jobs schema version 4 for MariaDB 10.6+ (and MySQL 8.0+): tags and meta. Placeholders: ${schema} (the
-- database) and ${prefix}.

-- JSON text, NULL when the job has none: tags as an array (["tenant:42", "import"]), meta as an object of
-- strings ({"traceparent": "00-..."}).
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN tags TEXT, ADD COLUMN meta TEXT;

-- One row per tag of a job, for the listing's tag filter (no multi-valued indexes on MariaDB); rows go with
-- their job. Tags are at most 100 characters (JobTags.MAX_LENGTH).
CREATE TABLE ${schema}.${prefix}jobs_tags (
    tag    VARCHAR(100) NOT NULL,
    job_id BIGINT       NOT NULL,
    PRIMARY KEY (tag, job_id),
    CONSTRAINT ${prefix}jobs_tags_job_fk FOREIGN KEY (job_id) REFERENCES ${schema}.${prefix}jobs (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE INDEX ${prefix}jobs_tags_job_idx ON ${schema}.${prefix}jobs_tags (job_id);

-- What running jobs report (JobContext.progress and log), one row per job; rows go with their job.
CREATE TABLE ${schema}.${prefix}jobs_progress (
    job_id     BIGINT      NOT NULL PRIMARY KEY,
    attempt    INT         NOT NULL,
    fraction   DOUBLE,
    done       BIGINT,
    total      BIGINT,
    log        LONGTEXT    NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT ${prefix}jobs_progress_job_fk FOREIGN KEY (job_id) REFERENCES ${schema}.${prefix}jobs (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
