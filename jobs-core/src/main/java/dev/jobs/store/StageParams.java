package dev.jobs.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Make due scheduled and retryable jobs available.
 *
 * @param now jobs scheduled at or before this are due
 * @param limit the most jobs to move in one call
 */
public record StageParams(Instant now, int limit) {

	public StageParams {
		Objects.requireNonNull(now, "now must not be null");
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
		}
	}

}
