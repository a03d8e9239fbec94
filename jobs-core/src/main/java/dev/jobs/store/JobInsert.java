package dev.jobs.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.jobs.UniqueStrategy;
import dev.jobs.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * A job to insert, with every option resolved and its args already serialized.
 *
 * @param queue the queue
 * @param kind the kind
 * @param args the args as JSON
 * @param priority higher runs first
 * @param maxAttempts attempts allowed, at least 1
 * @param scheduledAt when it becomes available; a time after the insert's {@code now}
 * makes it scheduled
 * @param uniqueKey the unique key, or {@code null}
 * @param uniqueStrategy what to do when the key is taken
 * @param timeout how long one attempt may run, or {@code null} for the executor's default
 * @param dependencies the jobs it waits for
 * @param step the workflow step it is, if any
 * @param limitKey the key its kind's per-key limits count it under, or {@code null}
 * @param tags labels to find the job by, validated by {@link dev.jobs.JobRequest}
 * @param meta what the engine keeps with the job, such as the trace's {@code traceparent}
 */
public record JobInsert(String queue, String kind, String args, int priority, int maxAttempts, Instant scheduledAt,
		@Nullable String uniqueKey, UniqueStrategy uniqueStrategy, @Nullable Duration timeout,
		Dependencies dependencies, @Nullable WorkflowStep step, @Nullable String limitKey, List<String> tags,
		Map<String, String> meta) {

	public JobInsert {
		Objects.requireNonNull(queue, "queue must not be null");
		Objects.requireNonNull(kind, "kind must not be null");
		Objects.requireNonNull(args, "args must not be null");
		Objects.requireNonNull(scheduledAt, "scheduledAt must not be null");
		Objects.requireNonNull(uniqueStrategy, "uniqueStrategy must not be null");
		Require.priority(priority, "priority");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
		}
		Objects.requireNonNull(dependencies, "dependencies must not be null");
		tags = (tags != null) ? List.copyOf(tags) : List.of();
		meta = (meta != null) ? Map.copyOf(meta) : Map.of();
	}

	/**
	 * A job without dependencies, a limit key, tags or meta.
	 */
	public JobInsert(String queue, String kind, String args, int priority, int maxAttempts, Instant scheduledAt,
			@Nullable String uniqueKey, UniqueStrategy uniqueStrategy, @Nullable Duration timeout) {
		this(queue, kind, args, priority, maxAttempts, scheduledAt, uniqueKey, uniqueStrategy, timeout,
				Dependencies.NONE, null, null, List.of(), Map.of());
	}

	/**
	 * A copy that waits for other jobs.
	 * @param dependencies the jobs it waits for
	 * @return the copy
	 */
	public JobInsert dependsOn(Dependencies dependencies) {
		return new JobInsert(this.queue, this.kind, this.args, this.priority, this.maxAttempts, this.scheduledAt,
				this.uniqueKey, this.uniqueStrategy, this.timeout, dependencies, this.step, this.limitKey, this.tags,
				this.meta);
	}

	/**
	 * A copy that is a workflow step.
	 * @param step the step
	 * @return the copy
	 */
	public JobInsert step(WorkflowStep step) {
		return new JobInsert(this.queue, this.kind, this.args, this.priority, this.maxAttempts, this.scheduledAt,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependencies, step, this.limitKey, this.tags,
				this.meta);
	}

	/**
	 * The same job with a limit key.
	 * @param limitKey the key
	 * @return a copy
	 */
	public JobInsert withLimitKey(@Nullable String limitKey) {
		return new JobInsert(this.queue, this.kind, this.args, this.priority, this.maxAttempts, this.scheduledAt,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependencies, this.step, limitKey, this.tags,
				this.meta);
	}

	/**
	 * Whether the job has tags or meta to store besides its row's usual columns.
	 * @return true if it has either
	 */
	public boolean hasTagsOrMeta() {
		return !this.tags.isEmpty() || !this.meta.isEmpty();
	}

	/**
	 * This insert with more meta.
	 * @param extra the entries to add (replacing those of the same key)
	 * @return a copy
	 */
	public JobInsert withMeta(Map<String, String> extra) {
		Map<String, String> merged = new HashMap<>(this.meta);
		merged.putAll(extra);
		return new JobInsert(this.queue, this.kind, this.args, this.priority, this.maxAttempts, this.scheduledAt,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependencies, this.step, this.limitKey,
				this.tags, merged);
	}

	/**
	 * A job with default options, available at once: handy in tests and benchmarks.
	 * @param queue the queue
	 * @param kind the kind
	 * @param args the args as JSON
	 * @param now the insert time
	 * @return the insert
	 */
	public static JobInsert of(String queue, String kind, String args, Instant now) {
		return new JobInsert(queue, kind, args, 0, 20, now, null, UniqueStrategy.IGNORE, null);
	}

}
