package dev.jobs.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The jobs a one-shot node may still claim, shared by its producers: a producer reserves
 * slots before a claim and gives back what the claim did not fill, so that together they
 * never claim more than the limit.
 */
final class ClaimBudget {

	private final long max;

	private final AtomicLong left;

	ClaimBudget(long max) {
		this.max = (max > 0) ? max : Long.MAX_VALUE;
		this.left = new AtomicLong(this.max);
	}

	/**
	 * Reserve up to {@code wanted} claims.
	 * @param wanted the claims a producer would make
	 * @return how many it may make, possibly 0
	 */
	int reserve(int wanted) {
		while (true) {
			long current = this.left.get();
			int granted = (int) Math.min(wanted, current);
			if (granted == 0 || this.left.compareAndSet(current, current - granted)) {
				return granted;
			}
		}
	}

	void giveBack(int unused) {
		if (unused > 0) {
			this.left.addAndGet(unused);
		}
	}

	/** Whether claims are counted at all: a one-shot node's limit. */
	boolean isLimited() {
		return this.max != Long.MAX_VALUE;
	}

	boolean isSpent() {
		return this.max != Long.MAX_VALUE && this.left.get() == 0;
	}

}
