-- jobs schema version 4 for H2 2.x: tags and meta. Placeholders: ${schema} and ${prefix}.

-- JSON text, NULL when the job has none: tags as an array (["tenant:42", "import"]), meta as an object of
-- strings ({"traceparent": "00-..."}).
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN tags CHARACTER LARGE OBJECT;
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN meta CHARACTER LARGE OBJECT;

-- One row per tag of a job, for the listing's tag filter; rows go with their job.
CREATE TABLE ${schema}.${prefix}jobs_tags (
    tag    CHARACTER VARYING NOT NULL,
    job_id BIGINT            NOT NULL,
    CONSTRAINT ${prefix}jobs_tags_pkey PRIMARY KEY (tag, job_id),
    CONSTRAINT ${prefix}jobs_tags_job_fk FOREIGN KEY (job_id) REFERENCES ${schema}.${prefix}jobs (id) ON DELETE CASCADE
);

CREATE INDEX ${prefix}jobs_tags_job_idx ON ${schema}.${prefix}jobs_tags (job_id);

-- What running jobs report (JobContext.progress and log), one row per job; rows go with their job.
CREATE TABLE ${schema}.${prefix}jobs_progress (
    job_id     BIGINT                      NOT NULL,
    attempt    INTEGER                     NOT NULL,
    fraction   DOUBLE PRECISION,
    done       BIGINT,
    total      BIGINT,
    log        CHARACTER LARGE OBJECT      NOT NULL,
    updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT ${prefix}jobs_progress_pkey PRIMARY KEY (job_id),
    CONSTRAINT ${prefix}jobs_progress_job_fk FOREIGN KEY (job_id) REFERENCES ${schema}.${prefix}jobs (id) ON DELETE CASCADE
);
