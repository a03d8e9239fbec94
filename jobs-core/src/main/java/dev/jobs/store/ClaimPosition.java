package dev.jobs.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import dev.jobs.Job;

/**
 * A job's place in its queue's claim order: highest priority first, then oldest
 * scheduled, then lowest id.
 *
 * @param priority the job's priority
 * @param scheduledAt when the job was due
 * @param id the job's id
 */
public record ClaimPosition(int priority, Instant scheduledAt, long id) implements Comparable<ClaimPosition> {

	private static final Comparator<ClaimPosition> CLAIM_ORDER = claimOrder(ClaimPosition::priority,
			ClaimPosition::scheduledAt, ClaimPosition::id);

	public ClaimPosition {
		Objects.requireNonNull(scheduledAt, "scheduledAt must not be null");
	}

	/**
	 * The place of a job.
	 * @param job the job
	 * @return its place in the claim order
	 */
	public static ClaimPosition of(Job job) {
		return new ClaimPosition(job.priority(), job.scheduledAt(), job.id());
	}

	/**
	 * The claim order over anything that has a priority, a due time and an id, for stores
	 * that sort what they claim: the one definition of the order.
	 * @param priority the priority (higher first)
	 * @param scheduledAt the due time (older first)
	 * @param id the id (lower first)
	 * @param <T> what is sorted
	 * @return the order
	 */
	public static <T> Comparator<T> claimOrder(ToIntFunction<T> priority, Function<T, Instant> scheduledAt,
			ToLongFunction<T> id) {
		// Priorities compared rather than negated: -Integer.MIN_VALUE overflows.
		Comparator<T> higherPriority = (a, b) -> Integer.compare(priority.applyAsInt(b), priority.applyAsInt(a));
		return higherPriority.thenComparing(scheduledAt).thenComparingLong(id);
	}

	@Override
	public int compareTo(ClaimPosition other) {
		return CLAIM_ORDER.compare(this, other);
	}

}
