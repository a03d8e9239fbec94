package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of one queue's {@link Producer}.
 *
 * @param name the queue
 * @param concurrency the most jobs of this queue running at once on this node
 * @param fetchLimit the most jobs claimed in one statement
 * @param pollInterval how often the producer looks for jobs when nothing wakes it
 */
public record QueueConfig(String name, int concurrency, int fetchLimit, Duration pollInterval) {

	public static final int DEFAULT_CONCURRENCY = 10;

	public static final int DEFAULT_FETCH_LIMIT = 100;

	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

	public QueueConfig {
		Require.name(name, "queue name");
		Require.atLeast(concurrency, 1, "concurrency of queue '" + name + "'");
		Require.atLeast(fetchLimit, 1, "fetchLimit of queue '" + name + "'");
		Require.positive(pollInterval, "pollInterval of queue '" + name + "'");
	}

	/**
	 * A queue with the default fetch limit and poll interval.
	 * @param name the queue
	 * @param concurrency the most jobs running at once
	 * @return the settings
	 */
	public static QueueConfig of(String name, int concurrency) {
		return new QueueConfig(name, concurrency, DEFAULT_FETCH_LIMIT, DEFAULT_POLL_INTERVAL);
	}

}
