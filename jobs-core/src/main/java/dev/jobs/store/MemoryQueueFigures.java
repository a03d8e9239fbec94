package dev.jobs.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.jobs.JobState;
import org.jspecify.annotations.Nullable;

/**
 * One queue's running totals while stats are counted.
 */
final class MemoryQueueFigures {

	private final Map<JobState, Long> counts = new HashMap<>();

	private @Nullable Instant oldestAvailableAt;

	private long completedSince;

	private long failedSince;

	void add(MemoryJobRow row, Instant since) {
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

	QueueStats toStats(String queue) {
		return new QueueStats(queue, this.counts, this.oldestAvailableAt, this.completedSince, this.failedSince);
	}

}
