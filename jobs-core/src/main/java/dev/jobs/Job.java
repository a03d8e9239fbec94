package dev.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * @param tags labels given at enqueue, such as {@code tenant:42}, for finding jobs
 * @param meta what the engine keeps with the job, such as the enqueuing trace's W3C
 * {@code traceparent}
 */
public record Job(long id, String queue, String kind, String args, JobState state, int priority, int attempt,
		int maxAttempts, Instant insertedAt, Instant scheduledAt, @Nullable Instant attemptedAt,
		@Nullable String attemptedBy, @Nullable Instant finishedAt, List<JobError> errors, @Nullable String uniqueKey,
		@Nullable Duration timeout, boolean cancelRequested, @Nullable String result, @Nullable Long workflowId,
		@Nullable String step, @Nullable String limitKey, List<String> tags, Map<String, String> meta) {

	public Job {
		Objects.requireNonNull(queue, "queue must not be null");
		Objects.requireNonNull(kind, "kind must not be null");
		Objects.requireNonNull(args, "args must not be null");
		Objects.requireNonNull(state, "state must not be null");
		Objects.requireNonNull(insertedAt, "insertedAt must not be null");
		Objects.requireNonNull(scheduledAt, "scheduledAt must not be null");
		errors = List.copyOf(errors);
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		meta = (meta != null) ? Map.copyOf(meta) : Map.of();
	}

	/**
	 * This job with the given tags and meta.
	 * @param tags the tags
	 * @param meta the meta
	 * @return a copy
	 */
	public Job withTagsAndMeta(List<String> tags, Map<String, String> meta) {
		return new Job(this.id, this.queue, this.kind, this.args, this.state, this.priority, this.attempt,
				this.maxAttempts, this.insertedAt, this.scheduledAt, this.attemptedAt, this.attemptedBy,
				this.finishedAt, this.errors, this.uniqueKey, this.timeout, this.cancelRequested, this.result,
				this.workflowId, this.step, this.limitKey, tags, meta);
	}

	/**
	 * This job with the given limit key.
	 * @param limitKey the key, or {@code null} for none
	 * @return a copy
	 */
	public Job withLimitKey(@Nullable String limitKey) {
		return new Job(this.id, this.queue, this.kind, this.args, this.state, this.priority, this.attempt,
				this.maxAttempts, this.insertedAt, this.scheduledAt, this.attemptedAt, this.attemptedBy,
				this.finishedAt, this.errors, this.uniqueKey, this.timeout, this.cancelRequested, this.result,
				this.workflowId, this.step, limitKey, this.tags, this.meta);
	}

	/**
	 * This job as a claim makes it: executing its next attempt on a node.
	 * @param nodeId the node
	 * @param at when the attempt starts
	 * @return a copy
	 */
	public Job claimed(String nodeId, Instant at) {
		return new Job(this.id, this.queue, this.kind, this.args, JobState.EXECUTING, this.priority, this.attempt + 1,
				this.maxAttempts, this.insertedAt, this.scheduledAt, at, nodeId, this.finishedAt, this.errors,
				this.uniqueKey, this.timeout, this.cancelRequested, this.result, this.workflowId, this.step,
				this.limitKey, this.tags, this.meta);
	}

	/**
	 * A job without a result, a workflow, a limit key, tags or meta: one that has not
	 * completed, or whose handler returns nothing.
	 * @param id the job's id
	 * @param queue the queue
	 * @param kind the kind
	 * @param args the args as JSON
	 * @param state the state
	 * @param priority the priority
	 * @param attempt attempts started so far
	 * @param maxAttempts attempts allowed
	 * @param insertedAt when it was enqueued
	 * @param scheduledAt when it becomes available
	 * @param attemptedAt when the last attempt started
	 * @param attemptedBy the node of the last attempt
	 * @param finishedAt when it reached a final state
	 * @param errors the error history
	 * @param uniqueKey the unique key
	 * @param timeout the attempt's time limit
	 * @param cancelRequested whether a cancel was requested
	 */
	public Job(long id, String queue, String kind, String args, JobState state, int priority, int attempt,
			int maxAttempts, Instant insertedAt, Instant scheduledAt, @Nullable Instant attemptedAt,
			@Nullable String attemptedBy, @Nullable Instant finishedAt, List<JobError> errors,
			@Nullable String uniqueKey, @Nullable Duration timeout, boolean cancelRequested) {
		this(id, queue, kind, args, state, priority, attempt, maxAttempts, insertedAt, scheduledAt, attemptedAt,
				attemptedBy, finishedAt, errors, uniqueKey, timeout, cancelRequested, null, null, null, null, List.of(),
				Map.of());
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
