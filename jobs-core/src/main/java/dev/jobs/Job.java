package dev.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A stored job, as the store last saw it.
 *
 * @param id the job's id, unique in its store
 * @param queue the queue it runs on
 * @param kind the handler's name, such as {@code send_email}
 * @param args the job's arguments as JSON, a snapshot taken at enqueue
 * @param state where it is in its life
 * @param priority higher runs first within a queue
 * @param attempt attempts started so far
 * @param maxAttempts attempts allowed before it is discarded
 * @param insertedAt when it was enqueued
 * @param scheduledAt when it becomes (or became) available
 * @param attemptedAt when the last attempt started
 * @param attemptedBy the node that ran the last attempt
 * @param finishedAt when it reached a final state
 * @param errors the error history, oldest first
 * @param uniqueKey the unique key, if any
 * @param timeout how long one attempt may run, if set for this job
 * @param cancelRequested whether a cancel was requested while it was executing
 * @param result what the handler returned, as JSON, once the job completed; {@code null}
 * for a handler that returns nothing, and before completion
 * @param workflowId the workflow the job is a step of, if any
 * @param step its step name in that workflow, if any
 * @param limitKey the key its kind's per-key limits count it under, if any
 */
public record Job(long id, String queue, String kind, String args, JobState state, int priority, int attempt,
		int maxAttempts, Instant insertedAt, Instant scheduledAt, @Nullable Instant attemptedAt,
		@Nullable String attemptedBy, @Nullable Instant finishedAt, List<JobError> errors, @Nullable String uniqueKey,
		@Nullable Duration timeout, boolean cancelRequested, @Nullable String result, @Nullable Long workflowId,
		@Nullable String step, @Nullable String limitKey) {

	public Job {
		Objects.requireNonNull(queue, "queue must not be null");
		Objects.requireNonNull(kind, "kind must not be null");
		Objects.requireNonNull(args, "args must not be null");
		Objects.requireNonNull(state, "state must not be null");
		Objects.requireNonNull(insertedAt, "insertedAt must not be null");
		Objects.requireNonNull(scheduledAt, "scheduledAt must not be null");
		errors = List.copyOf(errors);
	}

	/**
	 * A job without a result, a workflow or a limit key: one that has not completed, or
	 * whose handler returns nothing.
	 */
	public Job(long id, String queue, String kind, String args, JobState state, int priority, int attempt,
			int maxAttempts, Instant insertedAt, Instant scheduledAt, @Nullable Instant attemptedAt,
			@Nullable String attemptedBy, @Nullable Instant finishedAt, List<JobError> errors,
			@Nullable String uniqueKey, @Nullable Duration timeout, boolean cancelRequested) {
		this(id, queue, kind, args, state, priority, attempt, maxAttempts, insertedAt, scheduledAt, attemptedAt,
				attemptedBy, finishedAt, errors, uniqueKey, timeout, cancelRequested, null, null, null, null);
	}

	/**
	 * Whether another failure would use up the job's attempts.
	 * @return true when the current attempt is the last one allowed
	 */
	public boolean isLastAttempt() {
		return this.attempt >= this.maxAttempts;
	}

	@Override
	public String toString() {
		return "Job[id=" + this.id + ", kind=" + this.kind + ", queue=" + this.queue + ", state=" + this.state
				+ ", attempt=" + this.attempt + "/" + this.maxAttempts + "]";
	}

}
