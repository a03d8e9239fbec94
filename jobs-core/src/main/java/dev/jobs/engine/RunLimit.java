package dev.jobs.engine;

/**
 * When a one-shot worker is done: after a number of jobs, once its queues are empty, or
 * whichever comes first. {@link Supervisor#finished()} completes then; the caller stops
 * the supervisor (which writes every outcome) and exits.
 *
 * @param maxJobs the most jobs this node claims; {@code 0} for no limit
 * @param untilEmpty whether the node is done once its queues have no available job and
 * none of its jobs runs
 */
public record RunLimit(long maxJobs, boolean untilEmpty) {

	/** No limit: the node runs until it is stopped. */
	public static final RunLimit NONE = new RunLimit(0, false);

	public RunLimit {
		if (maxJobs < 0) {
			throw new IllegalArgumentException("maxJobs must be 0 (no limit) or more, but was " + maxJobs);
		}
	}

	/**
	 * Stop claiming after this many jobs.
	 * @param maxJobs the most jobs to claim, at least 1
	 * @return the limit
	 */
	public static RunLimit maxJobs(long maxJobs) {
		if (maxJobs < 1) {
			throw new IllegalArgumentException("maxJobs must be at least 1, but was " + maxJobs);
		}
		return new RunLimit(maxJobs, false);
	}

	/**
	 * Done once the queues are empty.
	 * @return the limit
	 */
	public static RunLimit whenEmpty() {
		return new RunLimit(0, true);
	}

	/**
	 * The same limit, also done once the queues are empty.
	 * @return the limit
	 */
	public RunLimit orWhenEmpty() {
		return new RunLimit(this.maxJobs, true);
	}

	boolean isLimited() {
		return this.maxJobs > 0 || this.untilEmpty;
	}

}
