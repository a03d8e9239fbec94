-- jobs schema version 4 for PostgreSQL: tags and meta. Placeholders: ${schema} and ${prefix}.

-- JSON text, NULL when the job has none: tags as an array (["tenant:42", "import"]), meta as an object of
-- strings ({"traceparent": "00-..."}). Nullable columns without a default: adding them rewrites no row.
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN tags text;
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN meta text;

-- One row per tag of a job, for the listing's tag filter: (tag, job_id) serves "newest jobs with this tag"
-- from the primary key; rows go with their job.
CREATE TABLE ${schema}.${prefix}jobs_tags (
    tag    text   NOT NULL,
    job_id bigint NOT NULL,
    CONSTRAINT ${prefix}jobs_tags_pkey PRIMARY KEY (tag, job_id),
    CONSTRAINT ${prefix}jobs_tags_job_fk FOREIGN KEY (job_id) REFERENCES ${schema}.${prefix}jobs (id) ON DELETE CASCADE
);

-- The cascade's look-up when a job is deleted (pruned, cleared).
CREATE INDEX ${prefix}jobs_tags_job_idx ON ${schema}.${prefix}jobs_tags (job_id);

-- What running jobs report (JobContext.progress and log), one row per job, written at most once a second
-- per job; apart from the jobs table so that reports never rewrite job rows. The log is a JSON array of
-- its last lines. Rows go with their job.
CREATE TABLE ${schema}.${prefix}jobs_progress (
    job_id     bigint           NOT NULL,
    attempt    integer          NOT NULL,
    fraction   double precision,
    done       bigint,
    total      bigint,
    log        text             NOT NULL,
    updated_at timestamptz      NOT NULL,
    CONSTRAINT ${prefix}jobs_progress_pkey PRIMARY KEY (job_id),
    CONSTRAINT ${prefix}jobs_progress_job_fk FOREIGN KEY (job_id) REFERENCES ${schema}.${prefix}jobs (id) ON DELETE CASCADE
);
