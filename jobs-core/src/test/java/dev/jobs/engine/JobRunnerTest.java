package dev.jobs.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobState;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobRunnerTest {

	private final MemoryJobStore store = new MemoryJobStore();

	private final MutableClock clock = new MutableClock();

	private final List<String> seen = new CopyOnWriteArrayList<>();

	private final List<JobEvent.Type> events = new CopyOnWriteArrayList<>();

	@Test
	void runsTheNextJobOnTheCallingThreadAndWritesItsOutcome() {
		HandlerRegistry handlers = new HandlerRegistry().register("greet", String.class, (name, context) -> {
			this.seen.add(name + " on " + Thread.currentThread().getName() + " attempt " + context.attempt());
		});
		Supervisor supervisor = supervisor(handlers);
		try (JobRunner runner = supervisor.runner()) {
			Job job = supervisor.dispatcher().enqueue("greet", "Ada");
			JobEvent outcome = runner.runNext("default").orElseThrow();
			assertThat(outcome.type()).isEqualTo(JobEvent.Type.COMPLETED);
			assertThat(this.seen).containsExactly("Ada on " + Thread.currentThread().getName() + " attempt 1");
			assertThat(this.store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
			assertThat(this.events).contains(JobEvent.Type.STARTED, JobEvent.Type.COMPLETED);
			assertThat(runner.runNext("default")).isEmpty();
		}
	}

	@Test
	void aFailureIsRetriedAfterTheBackoffAndStagedOnTheClock() {
		HandlerRegistry handlers = new HandlerRegistry().register("flaky", String.class, (name, context) -> {
			if (context.attempt() == 1) {
				throw new IllegalStateException("first attempt fails");
			}
		});
		Supervisor supervisor = supervisor(handlers);
		try (JobRunner runner = supervisor.runner()) {
			Job job = supervisor.dispatcher().enqueue("flaky", "x");
			JobEvent failed = runner.runNext("default").orElseThrow();
			assertThat(failed.type()).isEqualTo(JobEvent.Type.RETRIED);
			assertThat(failed.error().error()).contains("first attempt fails");
			assertThat(this.store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.RETRYABLE);
			assertThat(runner.stage().staged()).isZero();
			this.clock.set(failed.nextRunAt());
			assertThat(runner.stage().queues()).containsExactly("default");
			assertThat(runner.runNext("default").orElseThrow().type()).isEqualTo(JobEvent.Type.COMPLETED);
		}
	}

	@Test
	void performRunsAJobThatIsNotStoredAndEnforcesItsTimeout() {
		CountDownLatch never = new CountDownLatch(1);
		HandlerRegistry handlers = new HandlerRegistry().register("slow", String.class,
				(name, context) -> never.await());
		Supervisor supervisor = supervisor(handlers);
		try (JobRunner runner = supervisor.runner()) {
			Job job = new Job(0, "default", "slow", "\"x\"", JobState.EXECUTING, 0, 1, 1, this.clock.instant(),
					this.clock.instant(), this.clock.instant(), "test", null, List.of(), null, Duration.ofMillis(50),
					false);
			JobEvent outcome = runner.perform(job);
			assertThat(outcome.type()).isEqualTo(JobEvent.Type.DISCARDED);
			assertThat(outcome.error().error()).contains("timed out");
			assertThat(this.store.find(0)).isEmpty();
		}
	}

	private Supervisor supervisor(HandlerRegistry handlers) {
		return Supervisor.builder(this.store)
			.handlers(handlers)
			.clock(this.clock)
			.listener((event) -> this.events.add(event.type()))
			.queue("default", 1)
			.build();
	}

}
