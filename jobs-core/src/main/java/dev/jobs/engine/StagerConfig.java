package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the stager, which makes due scheduled and retryable jobs available.
 *
 * @param interval how often the leader looks for due jobs
 * @param batchSize the most jobs made available in one statement
 */
public record StagerConfig(Duration interval, int batchSize) {

	public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

	public static final int DEFAULT_BATCH_SIZE = 1_000;

	public static final StagerConfig DEFAULT = new StagerConfig(DEFAULT_INTERVAL, DEFAULT_BATCH_SIZE);

	public StagerConfig {
		Require.positive(interval, "stager interval");
		Require.atLeast(batchSize, 1, "stager batchSize");
	}

}
