package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the leader election: one node at a time stages, rescues, prunes and
 * enqueues cron jobs.
 *
 * @param ttl how long a leader lease lasts unless renewed (it is renewed every third of
 * it, and given up when the node stops)
 */
public record LeaderConfig(Duration ttl) {

	public static final Duration DEFAULT_TTL = Duration.ofSeconds(9);

	public static final LeaderConfig DEFAULT = new LeaderConfig(DEFAULT_TTL);

	public LeaderConfig {
		Require.positive(ttl, "leader ttl");
	}

}
