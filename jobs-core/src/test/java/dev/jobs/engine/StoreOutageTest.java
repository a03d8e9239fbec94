package dev.jobs.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.Completion;
import dev.jobs.store.FetchParams;
import dev.jobs.store.JobStore;
import dev.jobs.store.DelegatingJobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the store fails for a while, the engine's loops back off and carry on: outcomes
 * are kept and written later, claims resume, and no thread dies.
 */
class StoreOutageTest {

	private final EngineHarness harness = new EngineHarness();

	@AfterEach
	void stop() {
		this.harness.close();
	}

	@Test
	void outcomesAreKeptWhileTheStoreIsDownAndWrittenWhenItIsBack() {
		AtomicInteger failuresLeft = new AtomicInteger(3);
		AtomicInteger attempts = new AtomicInteger();
		JobStore flaky = new DelegatingJobStore(this.harness.store) {
			@Override
			public int complete(List<Completion> completions) {
				attempts.incrementAndGet();
				if (failuresLeft.getAndDecrement() > 0) {
					throw new IllegalStateException("connection refused");
				}
				return super.complete(completions);
			}
		};
		this.harness.handlers.register("ping", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.builder(flaky)
			.completer(new CompleterConfig(10, 100, Duration.ofMillis(10)))
			.queue(new QueueConfig("default", 2, 10, EngineHarness.LONG))
			.build();
		supervisor.start();

		Job job = supervisor.dispatcher().enqueue("ping", Map.of());

		this.harness.awaitState(job.id(), JobState.COMPLETED);
		assertThat(attempts.get()).isGreaterThanOrEqualTo(4);
		supervisor.stop();
	}

	@Test
	void producerBacksOffWhenClaimsFailAndResumes() {
		AtomicInteger failuresLeft = new AtomicInteger(2);
		JobStore flaky = new DelegatingJobStore(this.harness.store) {
			@Override
			public List<Job> fetch(FetchParams params) {
				if (failuresLeft.getAndDecrement() > 0) {
					throw new IllegalStateException("connection reset");
				}
				return super.fetch(params);
			}
		};
		this.harness.handlers.register("ping", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.builder(flaky)
			.queue(new QueueConfig("default", 2, 10, Duration.ofMillis(20)))
			.build();
		supervisor.start();

		Job job = supervisor.dispatcher().enqueue("ping", Map.of());

		this.harness.awaitState(job.id(), JobState.COMPLETED);
		assertThat(failuresLeft.get()).isNegative();
		supervisor.stop();
	}

}
