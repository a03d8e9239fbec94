package dev.jobs.store.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitPlan;
import org.jspecify.annotations.Nullable;

/**
 * The recent starts of rate-limited kinds, oldest first per kind: what a sliding rate
 * window counts. Starts older than the kind's longest window are dropped as claims read
 * them. Not thread-safe: used under the store's lock.
 */
final class MemoryStartLog {

	private final Map<String, ArrayDeque<Start>> byKind = new HashMap<>();

	/**
	 * Count the starts in each rate window of the limits into a plan.
	 */
	void load(LimitPlan plan, JobLimits limits, Instant now) {
		for (JobLimit limit : limits.all()) {
			if (!limit.hasRate()) {
				continue;
			}
			ArrayDeque<Start> starts = trimmed(limit.kind(), limits.longestRatePeriod(limit.kind()), now);
			if (limit.rate() != null) {
				Instant after = now.minus(limit.rate().period());
				starts.stream()
					.filter((start) -> start.at().isAfter(after))
					.findFirst()
					.ifPresent((oldest) -> plan.startedOfKind(limit.kind(),
							(int) starts.stream().filter((start) -> start.at().isAfter(after)).count(), oldest.at()));
			}
			if (limit.ratePerKey() != null) {
				Instant after = now.minus(limit.ratePerKey().period());
				Map<String, int[]> counts = new HashMap<>();
				Map<String, Instant> oldest = new HashMap<>();
				for (Start start : starts) {
					if (start.key() != null && start.at().isAfter(after)) {
						counts.computeIfAbsent(start.key(), (key) -> new int[1])[0]++;
						oldest.putIfAbsent(start.key(), start.at());
					}
				}
				counts.forEach((key, count) -> plan.startedOfKey(limit.kind(), key, count[0], oldest.get(key)));
			}
		}
	}

	void record(List<LimitPlan.KindKey> starts, Instant now) {
		for (LimitPlan.KindKey start : starts) {
			this.byKind.computeIfAbsent(start.kind(), (kind) -> new ArrayDeque<>())
				.addLast(new Start(start.key(), now));
		}
	}

	int count(String kind, @Nullable String key, Duration period, Instant now) {
		Instant after = now.minus(period);
		return (int) this.byKind.getOrDefault(kind, new ArrayDeque<>())
			.stream()
			.filter((start) -> start.at().isAfter(after) && (key == null || key.equals(start.key())))
			.count();
	}

	int mostOfOneKey(String kind, Duration period, Instant now) {
		Instant after = now.minus(period);
		Map<String, Integer> counts = new HashMap<>();
		this.byKind.getOrDefault(kind, new ArrayDeque<>())
			.stream()
			.filter((start) -> start.key() != null && start.at().isAfter(after))
			.forEach((start) -> counts.merge(start.key(), 1, Integer::sum));
		return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
	}

	private ArrayDeque<Start> trimmed(String kind, Duration longest, Instant now) {
		ArrayDeque<Start> starts = this.byKind.computeIfAbsent(kind, (name) -> new ArrayDeque<>());
		Instant after = now.minus(longest);
		Iterator<Start> oldestFirst = starts.iterator();
		while (oldestFirst.hasNext() && !oldestFirst.next().at().isAfter(after)) {
			oldestFirst.remove();
		}
		return starts;
	}

	private record Start(@Nullable String key, Instant at) {

		Start {
			Objects.requireNonNull(at, "at must not be null");
		}

	}

}
