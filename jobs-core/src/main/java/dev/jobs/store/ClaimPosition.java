package dev.jobs.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

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

	// Higher priority first, compared rather than negated: -Integer.MIN_VALUE overflows.
	private static final Comparator<ClaimPosition> CLAIM_ORDER = ((Comparator<ClaimPosition>) (a, b) -> Integer
		.compare(b.priority(), a.priority())).thenComparing(ClaimPosition::scheduledAt)
		.thenComparingLong(ClaimPosition::id);

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

	@Override
	public int compareTo(ClaimPosition other) {
		return CLAIM_ORDER.compare(this, other);
	}

}
