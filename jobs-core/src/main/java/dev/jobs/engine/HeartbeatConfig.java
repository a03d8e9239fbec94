package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the heartbeat that keeps this node registered as alive.
 *
 * @param interval how often the node says it is alive; also how often it syncs paused
 * queues and cancel requests, and looks for jobs it holds but does not run
 */
public record HeartbeatConfig(Duration interval) {

	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);

	public static final HeartbeatConfig DEFAULT = new HeartbeatConfig(DEFAULT_INTERVAL);

	public HeartbeatConfig {
		Require.positive(interval, "heartbeat interval");
	}

}
