package dev.jobs.store;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.jobs.JobState;
import org.jspecify.annotations.Nullable;

/**
 * One queue's figures.
 *
 * @param queue the queue
 * @param counts jobs by state; every state is present
 * @param oldestAvailableAt the scheduled time of the longest-waiting available job, or
 * {@code null} if none waits
 * @param completedSince jobs completed since the requested time
 * @param failedSince attempts failed since the requested time (their jobs are now
 * retryable or discarded)
 * @param atLeast the states whose count reached {@link StatsParams#countLimit()}: there
 * are at least that many jobs
 */
public record QueueStats(String queue, Map<JobState, Long> counts, @Nullable Instant oldestAvailableAt,
		long completedSince, long failedSince, Set<JobState> atLeast) {

	/**
	 * Exact figures.
	 * @param queue the queue
	 * @param counts jobs by state
	 * @param oldestAvailableAt the scheduled time of the longest-waiting available job
	 * @param completedSince jobs completed since the requested time
	 * @param failedSince attempts failed since the requested time
	 */
	public QueueStats(String queue, Map<JobState, Long> counts, @Nullable Instant oldestAvailableAt,
			long completedSince, long failedSince) {
		this(queue, counts, oldestAvailableAt, completedSince, failedSince, Set.of());
	}

	public QueueStats {
		Objects.requireNonNull(queue, "queue must not be null");
		EnumMap<JobState, Long> all = new EnumMap<>(JobState.class);
		for (JobState state : JobState.values()) {
			all.put(state, counts.getOrDefault(state, 0L));
		}
		counts = Map.copyOf(all);
		atLeast = Set.copyOf(atLeast);
	}

	public long count(JobState state) {
		return this.counts.get(state);
	}

}
