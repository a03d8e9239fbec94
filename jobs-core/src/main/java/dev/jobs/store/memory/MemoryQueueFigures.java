package dev.jobs.store.memory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.jobs.JobState;
import dev.jobs.store.MinuteFigures;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import org.jspecify.annotations.Nullable;

/**
 * One queue's running totals while stats are counted.
 */
final class MemoryQueueFigures {

	private final Map<JobState, Long> counts = new HashMap<>();

	private @Nullable Instant oldestAvailableAt;

	private long completedSince;

	private long failedSince;

	/**
	 * Count the figures of every queue that has jobs.
	 * @param rows the jobs
	 * @param params from when to count completions and failures, and the count limit
	 * @return the figures, ordered by queue name
	 */
	static List<QueueStats> count(Collection<MemoryJobRow> rows, StatsParams params) {
		Map<String, MemoryQueueFigures> figures = new TreeMap<>();
		for (MemoryJobRow row : rows) {
			figures.computeIfAbsent(row.queue, (queue) -> new MemoryQueueFigures()).add(row, params.since());
		}
		List<QueueStats> stats = new ArrayList<>(figures.size());
		figures.forEach((queue, queueFigures) -> stats.add(queueFigures.toStats(queue, params.countLimit())));
		return stats;
	}

	/**
	 * Completions and failures by minute.
	 * @param rows the jobs
	 * @param since the first minute looked at
	 * @param queue only this queue, or {@code null}
	 * @return the minutes that had any, oldest first
	 */
	static List<MinuteFigures> throughput(Collection<MemoryJobRow> rows, Instant since, @Nullable String queue) {
		Instant from = since.truncatedTo(ChronoUnit.MINUTES);
		Map<Instant, long[]> minutes = new TreeMap<>();
		for (MemoryJobRow row : rows) {
			if (queue != null && !queue.equals(row.queue)) {
				continue;
			}
			Instant at = switch (row.state) {
				case COMPLETED, DISCARDED -> row.finishedAt;
				case RETRYABLE -> row.attemptedAt;
				default -> null;
			};
			if (at != null && !at.isBefore(from)) {
				long[] figures = minutes.computeIfAbsent(at.truncatedTo(ChronoUnit.MINUTES), (minute) -> new long[2]);
				figures[(row.state == JobState.COMPLETED) ? 0 : 1]++;
			}
		}
		List<MinuteFigures> result = new ArrayList<>(minutes.size());
		minutes.forEach((minute, figures) -> result.add(new MinuteFigures(minute, figures[0], figures[1])));
		return result;
	}

	private void add(MemoryJobRow row, Instant since) {
		this.counts.merge(row.state, 1L, Long::sum);
		if (row.state == JobState.AVAILABLE
				&& (this.oldestAvailableAt == null || row.scheduledAt.isBefore(this.oldestAvailableAt))) {
			this.oldestAvailableAt = row.scheduledAt;
		}
		if (row.state == JobState.COMPLETED && !row.finishedAt.isBefore(since)) {
			this.completedSince++;
		}
		if (row.state == JobState.DISCARDED && !row.finishedAt.isBefore(since)
				|| row.state == JobState.RETRYABLE && row.attemptedAt != null && !row.attemptedAt.isBefore(since)) {
			this.failedSince++;
		}
	}

	private QueueStats toStats(String queue, long countLimit) {
		Map<JobState, Long> limited = new HashMap<>();
		Set<JobState> atLeast = new HashSet<>();
		this.counts.forEach((state, count) -> {
			limited.put(state, Math.min(count, countLimit));
			if (count >= countLimit) {
				atLeast.add(state);
			}
		});
		return new QueueStats(queue, limited, this.oldestAvailableAt, this.completedSince, this.failedSince, atLeast);
	}

}
