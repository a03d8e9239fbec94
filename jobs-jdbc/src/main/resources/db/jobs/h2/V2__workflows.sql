-- jobs schema version 2 for H2: handler results and job dependencies (state 7, pending).
-- Placeholders: ${schema} and ${prefix} (the table prefix).

-- What the handler returned, written with the completion; NULL for nothing.
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN result CHARACTER LARGE OBJECT;

-- While pending (state 7): how many dependencies have not finished yet.
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN pending_dependencies INTEGER NOT NULL DEFAULT 0;

-- Whether other jobs depend on this one: only such jobs' outcomes look at jobs_dependencies.
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN has_dependents BOOLEAN NOT NULL DEFAULT FALSE;

-- Workflows: the workflow a step belongs to (the id of its first step's job), the step's name, and whether
-- it also waits for the steps that running jobs add to the workflow.
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN workflow_id BIGINT;
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN step CHARACTER VARYING;
ALTER TABLE ${schema}.${prefix}jobs ADD COLUMN awaits_added BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX ${prefix}jobs_workflow_idx ON ${schema}.${prefix}jobs (workflow_id);

-- JobState.code(): 7 pending joins 0..6.
ALTER TABLE ${schema}.${prefix}jobs DROP CONSTRAINT ${prefix}jobs_state_check;
ALTER TABLE ${schema}.${prefix}jobs ADD CONSTRAINT ${prefix}jobs_state_check CHECK (state BETWEEN 0 AND 7);

-- One row per (dependency, waiting job).
CREATE TABLE ${schema}.${prefix}jobs_dependencies (
    depends_on BIGINT  NOT NULL,
    job_id     BIGINT  NOT NULL,
    run_anyway BOOLEAN NOT NULL,
    PRIMARY KEY (depends_on, job_id)
);

CREATE INDEX ${prefix}jobs_dependencies_job_idx ON ${schema}.${prefix}jobs_dependencies (job_id);
