package dev.jobs.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.jobs.JobState;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.QueueStats;
import org.jspecify.annotations.Nullable;

/**
 * One queue's figures.
 *
 * @param counts jobs by state (lower-case state names)
 * @param oldestAvailableSeconds how long the longest-waiting available job has waited, in
 * seconds, or {@code null} when none waits
 * @param completedLastMinute jobs completed in the last minute, cluster-wide
 * @param failedLastMinute attempts failed in the last minute, cluster-wide
 * @param paused whether the queue is paused
 * @param runningOnThisNode jobs of the queue running on this node now, or {@code null}
 * when this node does not run the queue
 * @param concurrencyOnThisNode most jobs of the queue this node runs at once, or
 * {@code null} when this node does not run the queue
 */
public record QueueDescriptor(Map<String, Long> counts, @Nullable Double oldestAvailableSeconds,
		long completedLastMinute, long failedLastMinute, boolean paused, @Nullable Integer runningOnThisNode,
		@Nullable Integer concurrencyOnThisNode) {

	static QueueDescriptor of(QueueStats stats, Instant now, boolean paused) {
		Map<String, Long> counts = new TreeMap<>();
		stats.counts().forEach((state, count) -> counts.put(state.name().toLowerCase(Locale.ROOT), count));
		Double oldest = (stats.oldestAvailableAt() != null)
				? Math.max(0, Duration.between(stats.oldestAvailableAt(), now).toMillis()) / 1000.0 : null;
		return new QueueDescriptor(counts, oldest, stats.completedSince(), stats.failedSince(), paused, null, null);
	}

	static QueueDescriptor empty(boolean paused) {
		Map<String, Long> counts = new TreeMap<>();
		for (JobState state : JobState.values()) {
			counts.put(state.name().toLowerCase(Locale.ROOT), 0L);
		}
		return new QueueDescriptor(counts, null, 0, 0, paused, null, null);
	}

	QueueDescriptor onThisNode(Supervisor.QueueStatus status) {
		return new QueueDescriptor(this.counts, this.oldestAvailableSeconds, this.completedLastMinute,
				this.failedLastMinute, this.paused, status.running(), status.concurrency());
	}

}
