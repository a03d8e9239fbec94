package dev.jobs.limit;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The limits a node claims under, by kind: what the store enforces in each claim. Empty
 * ({@link #NONE}) when no limit is configured, and then claims take their unlimited path.
 */
public final class JobLimits {

	/** No limits: every claim takes the store's unlimited path. */
	public static final JobLimits NONE = new JobLimits(Map.of());

	private final Map<String, JobLimit> byKind;

	private JobLimits(Map<String, JobLimit> byKind) {
		this.byKind = byKind;
	}

	/**
	 * The limits of several kinds; limits that limit nothing are left out.
	 * @param limits at most one per kind
	 * @return the limits
	 * @throws IllegalArgumentException if a kind has two limits
	 */
	public static JobLimits of(Collection<JobLimit> limits) {
		Map<String, JobLimit> byKind = new LinkedHashMap<>();
		for (JobLimit limit : limits) {
			Objects.requireNonNull(limit, "limit must not be null");
			if (limit.isEmpty()) {
				continue;
			}
			if (byKind.putIfAbsent(limit.kind(), limit) != null) {
				throw new IllegalArgumentException(
						"Kind '" + limit.kind() + "' has two limits; give it one JobLimit " + "with all its options");
			}
		}
		return byKind.isEmpty() ? NONE : new JobLimits(Map.copyOf(byKind));
	}

	public boolean isEmpty() {
		return this.byKind.isEmpty();
	}

	/**
	 * The limit of a kind.
	 * @param kind the kind
	 * @return its limit, or {@code null} when it has none
	 */
	public @Nullable JobLimit find(String kind) {
		return this.byKind.get(kind);
	}

	/**
	 * Every limit, ordered by kind.
	 * @return the limits
	 */
	public List<JobLimit> all() {
		return this.byKind.values().stream().sorted((a, b) -> a.kind().compareTo(b.kind())).toList();
	}

	/**
	 * The longest rate period of a kind: starts older than this are of no more use.
	 * @param kind a kind with a rate
	 * @return the period, or zero when the kind has no rate
	 */
	public Duration longestRatePeriod(String kind) {
		JobLimit limit = this.byKind.get(kind);
		Duration longest = Duration.ZERO;
		if (limit != null && limit.rate() != null) {
			longest = limit.rate().period();
		}
		if (limit != null && limit.ratePerKey() != null && limit.ratePerKey().period().compareTo(longest) > 0) {
			longest = limit.ratePerKey().period();
		}
		return longest;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof JobLimits limits && limits.byKind.equals(this.byKind);
	}

	@Override
	public int hashCode() {
		return this.byKind.hashCode();
	}

	@Override
	public String toString() {
		return "JobLimits" + all();
	}

}
