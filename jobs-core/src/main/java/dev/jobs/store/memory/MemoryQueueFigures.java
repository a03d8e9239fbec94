package dev.jobs.store.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.jobs.JobState;
import dev.jobs.store.QueueStats;
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
	 * @param since from when to count completions and failures
	 * @return the figures, ordered by queue name
	 */
	static List<QueueStats> count(Collection<MemoryJobRow> rows, Instant since) {
		Map<String, MemoryQueueFigures> figures = new TreeMap<>();
		for (MemoryJobRow row : rows) {
			figures.computeIfAbsent(row.queue, (queue) -> new MemoryQueueFigures()).add(row, since);
		}
		List<QueueStats> stats = new ArrayList<>(figures.size());
		figures.forEach((queue, queueFigures) -> stats.add(queueFigures.toStats(queue)));
		return stats;
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

	private QueueStats toStats(String queue) {
		return new QueueStats(queue, this.counts, this.oldestAvailableAt, this.completedSince, this.failedSince);
	}

}
