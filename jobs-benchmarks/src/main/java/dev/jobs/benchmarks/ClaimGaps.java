package dev.jobs.benchmarks;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Stalls of the claim loop in a traced run: times when a job was committed and waiting,
 * no claim was in flight, and none went out for a while. A claim loop that keeps up sends
 * its next claim within a millisecond or two of the last one's return; a longer gap with
 * work waiting means something held the producer (no free slot, a blocked completer, the
 * JVM), not the database's claim: such gaps made the steady scenario's p99 bursts.
 *
 * @param count the gaps of at least the threshold
 * @param longestNanos the longest of them, or 0
 */
record ClaimGaps(int count, long longestNanos) {

	/** The shortest gap counted. */
	static final long THRESHOLD_NANOS = 30_000_000;

	/**
	 * The gaps of a run's claims.
	 * @param claims each claim as {@code {sent, returned, earliest commit of a job it
	 * took}}
	 * @return the gaps of at least {@link #THRESHOLD_NANOS} before a claim that took a
	 * job committed before the gap began
	 */
	static ClaimGaps of(Collection<long[]> claims) {
		List<long[]> bySent = claims.stream().sorted(Comparator.comparingLong((long[] claim) -> claim[0])).toList();
		int count = 0;
		long longest = 0;
		long lastReturned = Long.MIN_VALUE;
		for (long[] claim : bySent) {
			long gap = claim[0] - lastReturned;
			if (lastReturned != Long.MIN_VALUE && gap >= THRESHOLD_NANOS && claim[2] <= lastReturned) {
				count++;
				longest = Math.max(longest, gap);
			}
			lastReturned = Math.max(lastReturned, claim[1]);
		}
		return new ClaimGaps(count, longest);
	}

}
