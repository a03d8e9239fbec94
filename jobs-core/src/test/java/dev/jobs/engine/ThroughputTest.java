package dev.jobs.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many jobs on many workers: each runs exactly once. Counts, not timings.
 */
class ThroughputTest {

	private static final int JOBS = 10_000;

	private static final List<String> QUEUES = List.of("alpha", "beta", "gamma");

	private final EngineHarness harness = new EngineHarness();

	@AfterEach
	void stop() {
		this.harness.close();
	}

	@Test
	void tenThousandJobsAcrossThreeQueuesWithEightWorkersEachRunExactlyOnce() {
		Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
		this.harness.handlers.register("count", Integer.class,
				(n, context) -> runs.computeIfAbsent(n, (key) -> new AtomicInteger()).incrementAndGet());
		Supervisor supervisor = this.harness.start((builder) -> QUEUES
			.forEach((queue) -> builder.queue(new QueueConfig(queue, 8, 8, Duration.ofMillis(50)))));

		List<JobRequest> batch = new ArrayList<>();
		for (int n = 0; n < JOBS; n++) {
			batch.add(JobRequest.of("count", n).queue(QUEUES.get(n % QUEUES.size())));
			if (batch.size() == 1_000) {
				supervisor.dispatcher().enqueueAll(batch);
				batch.clear();
			}
		}

		await().atMost(Duration.ofMinutes(2)).until(() -> completed() == JOBS);
		assertThat(runs).hasSize(JOBS);
		assertThat(runs.values()).allSatisfy((count) -> assertThat(count).hasValue(1));
		assertThat(this.harness.store.stats(new StatsParams(this.harness.clock.instant())))
			.extracting(QueueStats::queue)
			.containsExactlyElementsOf(QUEUES);
	}

	private long completed() {
		return this.harness.store.stats(new StatsParams(this.harness.clock.instant()))
			.stream()
			.mapToLong((stats) -> stats.count(JobState.COMPLETED))
			.sum();
	}

}
