package dev.jobs.engine;

import java.time.Duration;

/**
 * Settings of the parts that keep the cluster healthy: heartbeats, leader election,
 * staging, rescue and pruning.
 *
 * @param heartbeatInterval how often a node says it is alive
 * @param nodeExpiry how long a node may stay silent before it counts as dead and its jobs
 * are rescued
 * @param leaderTtl how long a leader lease lasts unless renewed (renewed every third of
 * it)
 * @param stageInterval how often due scheduled and retryable jobs are made available
 * @param rescueInterval how often dead nodes' jobs are looked for
 * @param pruneInterval how often finished jobs past their retention are deleted
 * @param completedRetention how long completed jobs are kept
 * @param cancelledRetention how long cancelled jobs are kept
 * @param discardedRetention how long discarded jobs are kept
 * @param batchSize the most jobs staged, rescued or pruned in one statement
 */
public record MaintenanceConfig(Duration heartbeatInterval, Duration nodeExpiry, Duration leaderTtl,
		Duration stageInterval, Duration rescueInterval, Duration pruneInterval, Duration completedRetention,
		Duration cancelledRetention, Duration discardedRetention, int batchSize) {

	public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

	public static final Duration DEFAULT_NODE_EXPIRY = Duration.ofSeconds(30);

	public static final Duration DEFAULT_LEADER_TTL = Duration.ofSeconds(15);

	public static final Duration DEFAULT_STAGE_INTERVAL = Duration.ofSeconds(1);

	public static final Duration DEFAULT_RESCUE_INTERVAL = Duration.ofSeconds(10);

	public static final Duration DEFAULT_PRUNE_INTERVAL = Duration.ofMinutes(1);

	public static final Duration DEFAULT_COMPLETED_RETENTION = Duration.ofDays(1);

	public static final Duration DEFAULT_CANCELLED_RETENTION = Duration.ofDays(7);

	public static final Duration DEFAULT_DISCARDED_RETENTION = Duration.ofDays(7);

	public static final int DEFAULT_BATCH_SIZE = 1_000;

	/**
	 * Node records are forgotten once silent this long (long after their jobs were
	 * rescued).
	 */
	static final Duration NODE_RETENTION = Duration.ofDays(1);

	public static final MaintenanceConfig DEFAULT = new MaintenanceConfig(DEFAULT_HEARTBEAT_INTERVAL,
			DEFAULT_NODE_EXPIRY, DEFAULT_LEADER_TTL, DEFAULT_STAGE_INTERVAL, DEFAULT_RESCUE_INTERVAL,
			DEFAULT_PRUNE_INTERVAL, DEFAULT_COMPLETED_RETENTION, DEFAULT_CANCELLED_RETENTION,
			DEFAULT_DISCARDED_RETENTION, DEFAULT_BATCH_SIZE);

	public MaintenanceConfig {
		Config.requirePositive(heartbeatInterval, "heartbeatInterval");
		Config.requirePositive(nodeExpiry, "nodeExpiry");
		if (nodeExpiry.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException(
					"nodeExpiry (" + nodeExpiry + ") must be at least twice heartbeatInterval (" + heartbeatInterval
							+ "), or live nodes would be taken for dead");
		}
		Config.requirePositive(leaderTtl, "leaderTtl");
		Config.requirePositive(stageInterval, "stageInterval");
		Config.requirePositive(rescueInterval, "rescueInterval");
		Config.requirePositive(pruneInterval, "pruneInterval");
		Config.requirePositive(completedRetention, "completedRetention");
		Config.requirePositive(cancelledRetention, "cancelledRetention");
		Config.requirePositive(discardedRetention, "discardedRetention");
		Config.requireAtLeast(batchSize, 1, "maintenance batchSize");
	}

}
