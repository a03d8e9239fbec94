package dev.jobs.spring.metrics;

/**
 * Names and tags of the meters that jobs record. Tags are few and of low cardinality:
 * {@link #TAG_QUEUE}, {@link #TAG_KIND} and {@link #TAG_OUTCOME}.
 */
public final class JobsMetricNames {

	/** Counter of enqueued jobs; tags queue, kind. */
	public static final String ENQUEUED = "jobs.enqueued";

	/** Counter of completed jobs; tags queue, kind. */
	public static final String COMPLETED = "jobs.completed";

	/**
	 * Counter of failed attempts; tags queue, kind and outcome, where the outcome is
	 * {@code retried} or {@code discarded}.
	 */
	public static final String FAILED = "jobs.failed";

	/**
	 * Timer of attempts, start to outcome; tags queue, kind, outcome ({@code completed},
	 * {@code retried}, {@code discarded}, {@code cancelled}, {@code snoozed}).
	 */
	public static final String EXECUTION = "jobs.execution";

	/**
	 * Timer of the wait between a job's scheduled time and its attempt; tags queue, kind.
	 */
	public static final String QUEUE_LATENCY = "jobs.queue.latency";

	/** Gauge of available jobs waiting in a queue; tag queue. */
	public static final String QUEUE_DEPTH = "jobs.queue.depth";

	/**
	 * Gauge of how long a queue's oldest available job has waited, in seconds; tag queue.
	 */
	public static final String QUEUE_LAG = "jobs.queue.lag";

	public static final String TAG_QUEUE = "queue";

	public static final String TAG_KIND = "kind";

	public static final String TAG_OUTCOME = "outcome";

	private JobsMetricNames() {
	}

}
