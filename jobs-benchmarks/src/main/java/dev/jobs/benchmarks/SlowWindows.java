package dev.jobs.benchmarks;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * How a traced run's slow jobs spread over it: in how many of its half-seconds a job was
 * stamped that took more than {@link #SLOW_NANOS} to start. A tail made by a few stalls
 * (a checkpoint's sync, a collector pause) fills a few half-seconds; one made by the
 * claim loop's cycle under load fills most of them, and no stall is to blame.
 *
 * @param slow the half-seconds with at least one slow job
 * @param all the half-seconds with at least one job
 */
record SlowWindows(int slow, int all) {

	/** Slower than the steady target's p99 bound. */
	static final long SLOW_NANOS = 50_000_000;

	static final long WINDOW_NANOS = 500_000_000;

	/**
	 * The windows of a run.
	 * @param runStart when the run started, where the first window begins
	 * @param jobs each job as {@code {stamped, started}}; jobs stamped before the run are
	 * left out
	 * @return the windows
	 */
	static SlowWindows of(long runStart, Collection<long[]> jobs) {
		Set<Long> all = new HashSet<>();
		Set<Long> slow = new HashSet<>();
		for (long[] job : jobs) {
			if (job[0] < runStart) {
				continue;
			}
			long window = (job[0] - runStart) / WINDOW_NANOS;
			all.add(window);
			if (job[1] - job[0] > SLOW_NANOS) {
				slow.add(window);
			}
		}
		return new SlowWindows(slow.size(), all.size());
	}

	String describe() {
		return "jobs over " + SLOW_NANOS / 1_000_000 + " ms to start were stamped in " + this.slow + " of the run's "
				+ this.all + " half-seconds";
	}

}
