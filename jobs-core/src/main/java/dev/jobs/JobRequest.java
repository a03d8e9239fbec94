package dev.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.jobs.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * A job to enqueue: its kind and args, and the options that override the handler's and
 * the dispatcher's defaults. Immutable; each option method returns a copy.
 *
 * <pre class="code">
 * dispatcher.enqueue(JobRequest.of("send_email", email).queue("emails").delay(Duration.ofMinutes(5)));
 * </pre>
 *
 * @param kind the handler's name
 * @param args the arguments, serialized to JSON at enqueue; {@code null} stores an empty
 * object ({@code {}})
 * @param queue the queue, or {@code null} for the handler's or the default queue
 * @param priority higher runs first within a queue; {@code null} for the default (0); any
 * {@code int} but {@link Integer#MIN_VALUE}
 * @param runAt when the job becomes available; {@code null} for now (or after the delay)
 * @param delay how long to wait before the job becomes available; {@code null} for none
 * @param maxAttempts attempts allowed; {@code null} for the handler's or the default
 * @param uniqueKey at most one job with this key waits or runs at a time; {@code null}
 * for no key
 * @param uniqueStrategy what to do when the key is taken
 * @param timeout how long one attempt may run; {@code null} for the handler's timeout,
 * else the default
 * @param dependsOn ids of jobs this one waits for: it stays {@link JobState#PENDING}
 * until they completed
 * @param runAnyway whether it runs once its dependencies finished whatever their outcome,
 * rather than being cancelled when one is discarded or cancelled
 * @param limitKey the key its kind's per-key limits count it under (such as
 * {@code customer:42}); {@code null} for none
 * @param tags labels to find the job by later, such as {@code tenant:42} (see
 * {@link JobTags}); empty for none
 */
public record JobRequest(String kind, @Nullable Object args, @Nullable String queue, @Nullable Integer priority,
		@Nullable Instant runAt, @Nullable Duration delay, @Nullable Integer maxAttempts, @Nullable String uniqueKey,
		UniqueStrategy uniqueStrategy, @Nullable Duration timeout, List<Long> dependsOn, boolean runAnyway,
		@Nullable String limitKey, List<String> tags) {

	public JobRequest {
		Require.name(kind, "kind");
		if (queue != null) {
			Require.name(queue, "queue");
		}
		if (priority != null) {
			Require.priority(priority, "priority");
		}
		if (maxAttempts != null && maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
		}
		if (delay != null && delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative, but was " + delay);
		}
		if (runAt != null && delay != null) {
			throw new IllegalArgumentException("Set either runAt or delay, not both");
		}
		if (uniqueKey != null && uniqueKey.isBlank()) {
			throw new IllegalArgumentException("uniqueKey must not be blank; use null for no unique key");
		}
		Objects.requireNonNull(uniqueStrategy, "uniqueStrategy must not be null");
		if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
			throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
		}
		dependsOn = List.copyOf(dependsOn);
		if (uniqueKey != null && !dependsOn.isEmpty()) {
			throw new IllegalArgumentException("A job with dependencies cannot have a unique key (uniqueKey '"
					+ uniqueKey + "', dependsOn " + dependsOn + "): pending jobs hold no key; drop one of the two");
		}
		if (limitKey != null && limitKey.isBlank()) {
			throw new IllegalArgumentException("limitKey must not be blank; use null for no limit key");
		}
		tags = JobTags.validate(tags);
	}

	/**
	 * A request without dependencies, a limit key or tags.
	 */
	public JobRequest(String kind, @Nullable Object args, @Nullable String queue, @Nullable Integer priority,
			@Nullable Instant runAt, @Nullable Duration delay, @Nullable Integer maxAttempts,
			@Nullable String uniqueKey, UniqueStrategy uniqueStrategy, @Nullable Duration timeout) {
		this(kind, args, queue, priority, runAt, delay, maxAttempts, uniqueKey, uniqueStrategy, timeout, List.of(),
				false, null, List.of());
	}

	/**
	 * A request with every option at its default.
	 * @param kind the handler's name
	 * @param args the arguments, serialized to JSON at enqueue
	 * @return the request
	 */
	public static JobRequest of(String kind, @Nullable Object args) {
		return new JobRequest(kind, args, null, null, null, null, null, null, UniqueStrategy.IGNORE, null, List.of(),
				false, null, List.of());
	}

	public JobRequest queue(String queue) {
		return new JobRequest(this.kind, this.args, queue, this.priority, this.runAt, this.delay, this.maxAttempts,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependsOn, this.runAnyway, this.limitKey,
				this.tags);
	}

	public JobRequest priority(int priority) {
		return new JobRequest(this.kind, this.args, this.queue, priority, this.runAt, this.delay, this.maxAttempts,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependsOn, this.runAnyway, this.limitKey,
				this.tags);
	}

	/**
	 * Run the job at a given time; clears any delay.
	 * @param runAt when the job becomes available
	 * @return a copy with the option set
	 */
	public JobRequest runAt(Instant runAt) {
		return new JobRequest(this.kind, this.args, this.queue, this.priority, runAt, null, this.maxAttempts,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependsOn, this.runAnyway, this.limitKey,
				this.tags);
	}

	/**
	 * Run the job after a delay from enqueue; clears any run-at time.
	 * @param delay how long to wait
	 * @return a copy with the option set
	 */
	public JobRequest delay(Duration delay) {
		return new JobRequest(this.kind, this.args, this.queue, this.priority, null, delay, this.maxAttempts,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependsOn, this.runAnyway, this.limitKey,
				this.tags);
	}

	public JobRequest maxAttempts(int maxAttempts) {
		return new JobRequest(this.kind, this.args, this.queue, this.priority, this.runAt, this.delay, maxAttempts,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependsOn, this.runAnyway, this.limitKey,
				this.tags);
	}

	/**
	 * Make the job unique by key: while a job with this key waits or runs, no other job
	 * with the key is inserted.
	 * @param uniqueKey the key
	 * @return a copy with the option set
	 */
	public JobRequest unique(String uniqueKey) {
		return unique(uniqueKey, UniqueStrategy.IGNORE);
	}

	/**
	 * Make the job unique by key, choosing what happens when the key is taken.
	 * @param uniqueKey the key
	 * @param strategy ignore the new job, or replace the waiting one
	 * @return a copy with the option set
	 */
	public JobRequest unique(String uniqueKey, UniqueStrategy strategy) {
		return new JobRequest(this.kind, this.args, this.queue, this.priority, this.runAt, this.delay, this.maxAttempts,
				uniqueKey, strategy, this.timeout, this.dependsOn, this.runAnyway, this.limitKey, this.tags);
	}

	/**
	 * Count the job under a key for its kind's per-key limits: with
	 * {@code JobLimit.of("crm_sync").concurrencyPerKey(1)}, jobs with key
	 * {@code customer:42} run one at a time across the cluster.
	 * @param limitKey the key
	 * @return a copy with the option set
	 */
	public JobRequest limitKey(String limitKey) {
		return new JobRequest(this.kind, this.args, this.queue, this.priority, this.runAt, this.delay, this.maxAttempts,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependsOn, this.runAnyway, limitKey, this.tags);
	}

	/**
	 * Label the job, for finding it and its siblings later: in the actuator listing, the
	 * dashboard, and the store's {@code list}. Never a meter tag (unbounded values).
	 * @param tags the tags, such as {@code tenant:42} or {@code import}; replace any
	 * given before
	 * @return a copy with the option set
	 */
	public JobRequest tags(String... tags) {
		return tags(List.of(tags));
	}

	/**
	 * Label the job; see {@link #tags(String...)}.
	 * @param tags the tags
	 * @return a copy with the option set
	 */
	public JobRequest tags(List<String> tags) {
		return new JobRequest(this.kind, this.args, this.queue, this.priority, this.runAt, this.delay, this.maxAttempts,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependsOn, this.runAnyway, this.limitKey, tags);
	}

	public JobRequest timeout(Duration timeout) {
		return new JobRequest(this.kind, this.args, this.queue, this.priority, this.runAt, this.delay, this.maxAttempts,
				this.uniqueKey, this.uniqueStrategy, timeout, this.dependsOn, this.runAnyway, this.limitKey, this.tags);
	}

	/**
	 * Make the job wait for other jobs: it stays {@link JobState#PENDING} until every one
	 * of them completed, then becomes available at once. If one is discarded or
	 * cancelled, this job is cancelled too (see {@link #runAnyway(boolean)}). Its handler
	 * reads their results through {@link JobContext#dependencyResult}.
	 * @param ids the jobs' ids
	 * @return a copy with the dependencies added
	 */
	public JobRequest dependsOn(long... ids) {
		List<Long> all = new ArrayList<>(this.dependsOn);
		for (long id : ids) {
			all.add(id);
		}
		return new JobRequest(this.kind, this.args, this.queue, this.priority, this.runAt, this.delay, this.maxAttempts,
				this.uniqueKey, this.uniqueStrategy, this.timeout, all, this.runAnyway, this.limitKey, this.tags);
	}

	/**
	 * Make the job wait for other jobs.
	 * @param jobs the jobs, as enqueue returned them
	 * @return a copy with the dependencies added
	 * @see #dependsOn(long...)
	 */
	public JobRequest dependsOn(Job... jobs) {
		return dependsOn(Arrays.stream(jobs).mapToLong(Job::id).toArray());
	}

	/**
	 * Whether to run the job once its dependencies finished, whatever their outcome,
	 * rather than cancel it when one is discarded or cancelled.
	 * @param runAnyway true to run it anyway
	 * @return a copy with the option set
	 */
	public JobRequest runAnyway(boolean runAnyway) {
		return new JobRequest(this.kind, this.args, this.queue, this.priority, this.runAt, this.delay, this.maxAttempts,
				this.uniqueKey, this.uniqueStrategy, this.timeout, this.dependsOn, runAnyway, this.limitKey, this.tags);
	}

}
