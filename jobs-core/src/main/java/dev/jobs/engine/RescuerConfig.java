package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the rescuer, which hands back the jobs of nodes that stopped heartbeating.
 * With the defaults (and those of {@link HeartbeatConfig} and {@link LeaderConfig}) a
 * killed node's jobs are handed back within 20 s, the leader's included: the node expiry
 * plus one rescue interval, since a new leader is elected within the lease plus a third
 * of it (12 s) and rescues at once.
 *
 * @param interval how often the leader looks for dead nodes' jobs
 * @param nodeExpiry how long a node may stay silent before it counts as dead; at least
 * twice the heartbeat interval, or live nodes would be taken for dead
 * @param batchSize the most jobs handed back in one statement
 */
public record RescuerConfig(Duration interval, Duration nodeExpiry, int batchSize) {

	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

	public static final Duration DEFAULT_NODE_EXPIRY = Duration.ofSeconds(15);

	public static final int DEFAULT_BATCH_SIZE = 1_000;

	public static final RescuerConfig DEFAULT = new RescuerConfig(DEFAULT_INTERVAL, DEFAULT_NODE_EXPIRY,
			DEFAULT_BATCH_SIZE);

	public RescuerConfig {
		Require.positive(interval, "rescuer interval");
		Require.positive(nodeExpiry, "nodeExpiry");
		Require.atLeast(batchSize, 1, "rescuer batchSize");
	}

}
