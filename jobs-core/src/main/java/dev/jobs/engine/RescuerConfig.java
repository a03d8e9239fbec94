package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the rescuer, which hands back the jobs of nodes that stopped heartbeating.
 *
 * @param interval how often the leader looks for dead nodes' jobs
 * @param nodeExpiry how long a node may stay silent before it counts as dead; at least
 * twice the heartbeat interval, or live nodes would be taken for dead
 * @param batchSize the most jobs handed back in one statement
 */
public record RescuerConfig(Duration interval, Duration nodeExpiry, int batchSize) {

	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

	public static final Duration DEFAULT_NODE_EXPIRY = Duration.ofSeconds(30);

	public static final int DEFAULT_BATCH_SIZE = 1_000;

	public static final RescuerConfig DEFAULT = new RescuerConfig(DEFAULT_INTERVAL, DEFAULT_NODE_EXPIRY,
			DEFAULT_BATCH_SIZE);

	public RescuerConfig {
		Require.positive(interval, "rescuer interval");
		Require.positive(nodeExpiry, "nodeExpiry");
		Require.atLeast(batchSize, 1, "rescuer batchSize");
	}

}
