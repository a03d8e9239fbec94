package dev.jobs.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Figures for every queue.
 *
 * @param since completions and failures are counted from this time
 */
public record StatsParams(Instant since) {

	public StatsParams {
		Objects.requireNonNull(since, "since must not be null");
	}

}
