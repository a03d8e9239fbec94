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

	/**
	 * Gauge of a cluster-wide limit's use: jobs executing, or started in the rate window
	 * (per-key limits: the most of any one key); tags kind, limit.
	 */
	public static final String LIMIT_IN_USE = "jobs.limit.in.use";

	/** Gauge of a cluster-wide limit; tags kind, limit. */
	public static final String LIMIT_MAX = "jobs.limit.max";

	/** Gauge of available jobs a cluster-wide limit may hold back; tags kind, limit. */
	public static final String LIMIT_WAITING = "jobs.limit.waiting";

	/** Gauge of the jobs running on this node under its node-wide cap. */
	public static final String NODE_IN_USE = "jobs.node.in.use";

	/** Gauge of this node's node-wide cap. */
	public static final String NODE_MAX = "jobs.node.max";

	public static final String TAG_QUEUE = "queue";

	public static final String TAG_KIND = "kind";

	public static final String TAG_OUTCOME = "outcome";

	/**
	 * Which limit of a kind: {@code concurrency}, {@code concurrency-per-key},
	 * {@code rate} or {@code rate-per-key}.
	 */
	public static final String TAG_LIMIT = "limit";

	private JobsMetricNames() {
	}

}
