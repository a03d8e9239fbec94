package dev.jobs.benchmarks;

import java.util.OptionalInt;

/**
 * The rates a ramp tries: doubled from the first while the consumer keeps up, then the
 * gap between the last flat rate and the first that was not halved twice.
 * <p>
 * A step the consumer fell behind on bounds the rate from above whether or not the
 * enqueuing side offered it in full; a step it kept up with counts only when offered in
 * full, and one offered short ends the search, as no higher rate can be offered.
 */
final class RampSearch {

	static final int BISECTIONS = 2;

	private final int max;

	private int next;

	private int flat;

	private int failed;

	private int bisections;

	private String limit = "";

	private boolean done;

	/**
	 * A search.
	 * @param first the first rate tried
	 * @param max the highest rate the doubling tries
	 */
	RampSearch(int first, int max) {
		this.max = max;
		this.next = first;
	}

	/**
	 * The rate of the next step.
	 * @return the rate, or empty once the search is over
	 */
	OptionalInt next() {
		return this.done ? OptionalInt.empty() : OptionalInt.of(this.next);
	}

	/**
	 * What the step at the rate {@link #next()} gave.
	 * @param keptUp whether the consumer kept up with what was offered
	 * @param offeredInFull whether the enqueuing side offered the whole rate
	 */
	void stepped(boolean keptUp, boolean offeredInFull) {
		int rate = this.next;
		boolean doubling = this.failed == 0;
		if (keptUp && offeredInFull) {
			this.flat = rate;
		}
		else if (!keptUp || !doubling) {
			this.failed = rate;
		}
		else {
			this.limit = "enqueue side could not offer " + rate + " jobs/s; the consumer kept up with all it got";
			this.done = true;
			return;
		}
		if (doubling && this.failed == 0) {
			this.next = rate * 2;
			this.done = this.next > this.max;
			return;
		}
		if (!doubling) {
			this.bisections++;
		}
		this.done = this.flat == 0 || this.bisections == BISECTIONS;
		this.next = (this.flat + this.failed) / 2;
	}

	/**
	 * The highest rate a step was flat at.
	 * @return jobs per second, 0 when not even the first was
	 */
	int flat() {
		return this.flat;
	}

	/**
	 * What stopped the search.
	 * @return the rate the backlog grew at, or that the enqueuing side could not offer,
	 * or empty
	 */
	String note() {
		if (!this.limit.isEmpty()) {
			return this.limit;
		}
		return (this.failed > 0) ? "backlog grew at " + this.failed + " jobs/s" : "";
	}

}
