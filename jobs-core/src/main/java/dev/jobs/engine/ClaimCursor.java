package dev.jobs.engine;

import java.time.Duration;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.store.ClaimPosition;
import org.jspecify.annotations.Nullable;

/**
 * Where a producer's next claim of its queue begins, on a store that
 * {@link dev.jobs.store.JobStore#claimsAfterPosition() claims after a position}: after
 * the last job of its last claim, and from the head of the queue at least every
 * {@link #WHOLE_QUEUE_INTERVAL}.
 * <p>
 * A claim from the head walks past the index entries of every job claimed since the last
 * vacuum (PostgreSQL, 2 cores: 2.3 ms at the start of a 16,000 jobs/s run, 6-11 ms 20 s
 * later), and claims come back to back under load. Jobs can become available before the
 * position, though: an enqueue that commits after newer jobs were claimed, a retry or
 * scheduled job staged after jobs newer than its due time, a job handed back, another
 * priority. The claims from the head find those within the interval (longer while such
 * claims are slow, see {@link #HEAD_SHARE}), and a claim after the position that came
 * back short owes one by then, which the producer makes even if nothing wakes it.
 * <p>
 * A claim after a position looks at that position's priority only, so the position
 * follows the priority most of a claim's jobs had: one job of another priority does not
 * send the claims after it where the queue's stream is not. Within a priority it only
 * moves forward; a claim from the head that came back full with jobs from before it is
 * followed by another claim from the head, so that a backlog of such jobs is claimed back
 * to back rather than one claim per interval.
 */
final class ClaimCursor {

	/**
	 * How long a job that became available before the position waits at most for a claim
	 * from the head, while such claims are quick.
	 */
	static final Duration WHOLE_QUEUE_INTERVAL = Duration.ofMillis(50);

	/**
	 * Claims from the head take at most about one part in this many of the producer's
	 * time: when one takes longer than a tenth of {@link #WHOLE_QUEUE_INTERVAL}, the next
	 * comes that many times its duration later (at most {@link #MAX_INTERVAL}). At 16,000
	 * jobs/s such a claim took 7-19 ms twenty seconds into a run, and every 50 ms that
	 * was a third of the claims' time.
	 */
	static final int HEAD_SHARE = 10;

	/**
	 * The longest time between claims from the head, whatever one took (a claim that
	 * waited out a database failover says nothing about the next). With at most 250 ms
	 * instead, two 16,000 jobs/s runs waited 8.6 and 13.4 ms at the median (p99 103 and
	 * 115 ms) where the same runs without a bound waited 4.4 and 5.3 ms (p99 46.9 and
	 * 46.3 ms).
	 */
	static final Duration MAX_INTERVAL = Duration.ofSeconds(1);

	private @Nullable ClaimPosition last;

	private long wholeQueueAt;

	private long interval = WHOLE_QUEUE_INTERVAL.toNanos();

	/** Whether the next claim must begin at the head. */
	private boolean headAgain;

	/**
	 * Where the next claim begins.
	 * @param nanos now, on the producer's monotonic clock
	 * @return the position to claim after, or {@code null} to claim from the head (noted
	 * as made now)
	 */
	@Nullable ClaimPosition next(long nanos) {
		if (this.last != null && !this.headAgain && nanos - this.wholeQueueAt < this.interval) {
			return this.last;
		}
		this.wholeQueueAt = nanos;
		return null;
	}

	/**
	 * A claim came back.
	 * @param jobs what it claimed, in any order
	 * @param full whether it took all it asked for
	 * @param after where it began, {@code null} for the head
	 * @param sent when it was sent, on the producer's monotonic clock
	 * @param returned when it came back
	 * @return nanoseconds from {@code returned} by which a claim from the head is owed,
	 * or -1 when none is
	 */
	long claimed(List<Job> jobs, boolean full, @Nullable ClaimPosition after, long sent, long returned) {
		ClaimPosition position = lastOfCommonestPriority(jobs);
		boolean behind = position != null && this.last != null && position.priority() == this.last.priority()
				&& position.compareTo(this.last) < 0;
		if (position != null && !behind) {
			this.last = position;
		}
		this.headAgain = (after == null) && full && behind;
		if (after == null) {
			this.interval = Math.min(MAX_INTERVAL.toNanos(),
					Math.max(WHOLE_QUEUE_INTERVAL.toNanos(), HEAD_SHARE * (returned - sent)));
			return -1;
		}
		return full ? -1 : Math.max(0, this.wholeQueueAt + this.interval - returned);
	}

	/**
	 * The last job, in claim order, of the priority most of the jobs have (of two as
	 * common, the later one in claim order).
	 */
	private static @Nullable ClaimPosition lastOfCommonestPriority(List<Job> jobs) {
		List<ClaimPosition> positions = jobs.stream().map(ClaimPosition::of).sorted().toList();
		ClaimPosition best = null;
		int bestCount = 0;
		int i = 0;
		while (i < positions.size()) {
			int end = i;
			while (end + 1 < positions.size() && positions.get(end + 1).priority() == positions.get(i).priority()) {
				end++;
			}
			if (end - i + 1 >= bestCount) {
				best = positions.get(end);
				bestCount = end - i + 1;
			}
			i = end + 1;
		}
		return best;
	}

}
