package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the pruner, which deletes finished jobs once their retention has passed.
 *
 * @param interval how often the leader prunes
 * @param retention how long finished jobs are kept, by state
 * @param batchSize the most jobs deleted in one statement
 */
public record PrunerConfig(Duration interval, Retention retention, int batchSize) {

	public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

	public static final int DEFAULT_BATCH_SIZE = 1_000;

	public static final PrunerConfig DEFAULT = new PrunerConfig(DEFAULT_INTERVAL, Retention.DEFAULT,
			DEFAULT_BATCH_SIZE);

	/**
	 * Node records are forgotten once silent this long, well after their jobs' rescue.
	 */
	static final Duration NODE_RETENTION = Duration.ofDays(1);

	public PrunerConfig {
		Require.positive(interval, "pruner interval");
		if (retention == null) {
			throw new IllegalArgumentException("pruner retention must not be null");
		}
		Require.atLeast(batchSize, 1, "pruner batchSize");
	}

	/**
	 * How long finished jobs are kept, by state.
	 *
	 * @param completed how long completed jobs are kept
	 * @param cancelled how long cancelled jobs are kept
	 * @param discarded how long discarded jobs are kept
	 */
	public record Retention(Duration completed, Duration cancelled, Duration discarded) {

		public static final Duration DEFAULT_COMPLETED = Duration.ofDays(1);

		public static final Duration DEFAULT_CANCELLED = Duration.ofDays(7);

		public static final Duration DEFAULT_DISCARDED = Duration.ofDays(7);

		public static final Retention DEFAULT = new Retention(DEFAULT_COMPLETED, DEFAULT_CANCELLED, DEFAULT_DISCARDED);

		public Retention {
			Require.positive(completed, "completed retention");
			Require.positive(cancelled, "cancelled retention");
			Require.positive(discarded, "discarded retention");
		}

	}

}
