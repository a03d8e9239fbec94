package dev.jobs.store;

/**
 * A count that may have stopped at a limit.
 *
 * @param count the jobs counted
 * @param atLeast whether counting stopped at the limit: there are at least {@code count}
 * jobs
 */
public record JobCount(long count, boolean atLeast) {

	/**
	 * A count of the first jobs up to a limit.
	 * @param counted how many were counted, at most {@code limit}
	 * @param limit where counting stopped
	 * @return the count
	 */
	public static JobCount of(long counted, long limit) {
		return new JobCount(Math.min(counted, limit), counted >= limit);
	}

}
