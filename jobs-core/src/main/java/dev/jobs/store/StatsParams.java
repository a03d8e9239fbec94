package dev.jobs.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Figures for every queue.
 *
 * @param since completions and failures are counted from this time
 * @param countLimit each count by queue and state stops at this many jobs, so that a
 * state holding millions of jobs is not counted row by row; a count that reached it is
 * flagged in {@link QueueStats#atLeast()}
 */
public record StatsParams(Instant since, long countLimit) {

	/** No limit: every count is exact. */
	public static final long EXACT = Long.MAX_VALUE;

	public StatsParams {
		Objects.requireNonNull(since, "since must not be null");
		if (countLimit < 1) {
			throw new IllegalArgumentException("countLimit must be at least 1, but was " + countLimit);
		}
	}

	/**
	 * Exact figures.
	 * @param since completions and failures are counted from this time
	 */
	public StatsParams(Instant since) {
		this(since, EXACT);
	}

}
