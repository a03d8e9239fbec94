package dev.jobs.limit;

import java.util.Objects;

/**
 * How much of one limit is used now, as {@code /actuator/jobs} and the metrics show it.
 *
 * @param kind the job kind
 * @param type which of the kind's limits: {@code concurrency},
 * {@code concurrency-per-key}, {@code rate} or {@code rate-per-key}
 * @param max the limit: jobs at once, or starts per period (per key for the per-key
 * limits)
 * @param inUse jobs of the kind executing now (concurrency) or started in the window
 * (rate); for per-key limits, the most of any one key
 * @param waiting available jobs of the kind (with a key, for per-key limits), which the
 * limit may hold back
 */
public record LimitUsage(String kind, String type, int max, int inUse, long waiting) {

	public LimitUsage {
		Objects.requireNonNull(kind, "kind must not be null");
		Objects.requireNonNull(type, "type must not be null");
	}

}
