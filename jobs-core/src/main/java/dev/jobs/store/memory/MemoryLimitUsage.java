package dev.jobs.store.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitUsage;

/**
 * How much of each limit the memory store's jobs use: what {@code /actuator/jobs} shows.
 */
final class MemoryLimitUsage {

	private MemoryLimitUsage() {
	}

	static List<LimitUsage> of(JobLimits limits, Collection<MemoryJobRow> executing, Collection<MemoryJobRow> available,
			MemoryStartLog starts, Instant now) {
		List<LimitUsage> usage = new ArrayList<>();
		for (JobLimit limit : limits.all()) {
			List<MemoryJobRow> running = executing.stream().filter((row) -> row.kind.equals(limit.kind())).toList();
			List<MemoryJobRow> waiting = available.stream().filter((row) -> row.kind.equals(limit.kind())).toList();
			long waitingWithKey = waiting.stream().filter((row) -> row.limitKey != null).count();
			if (limit.concurrency() != null) {
				usage.add(new LimitUsage(limit.kind(), "concurrency", limit.concurrency(), running.size(),
						waiting.size()));
			}
			if (limit.concurrencyPerKey() != null) {
				int most = running.stream()
					.filter((row) -> row.limitKey != null)
					.collect(Collectors.groupingBy((row) -> row.limitKey, Collectors.counting()))
					.values()
					.stream()
					.mapToInt(Long::intValue)
					.max()
					.orElse(0);
				usage.add(new LimitUsage(limit.kind(), "concurrency-per-key", limit.concurrencyPerKey(), most,
						waitingWithKey));
			}
			if (limit.rate() != null) {
				usage.add(new LimitUsage(limit.kind(), "rate", limit.rate().count(),
						starts.count(limit.kind(), null, limit.rate().period(), now), waiting.size()));
			}
			if (limit.ratePerKey() != null) {
				usage.add(new LimitUsage(limit.kind(), "rate-per-key", limit.ratePerKey().count(),
						starts.mostOfOneKey(limit.kind(), limit.ratePerKey().period(), now), waitingWithKey));
			}
		}
		return usage;
	}

}
