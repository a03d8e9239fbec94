package dev.jobs.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobState;
import dev.jobs.store.ListParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful stop: nothing lost, nothing left executing.
 */
class ShutdownTest {

	private final EngineHarness harness = new EngineHarness();

	@AfterEach
	void stop() {
		this.harness.close();
	}

	@Test
	void runningJobsFinishWithinTheShutdownTimeoutAndTheirOutcomesAreWritten() throws Exception {
		CountDownLatch started = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		this.harness.handlers.register("work", Map.class, (args, context) -> {
			started.countDown();
			release.await();
		});
		Supervisor supervisor = this.harness.start("default", 2);
		Job first = supervisor.dispatcher().enqueue("work", Map.of());
		Job second = supervisor.dispatcher().enqueue("work", Map.of());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

		Thread releaser = new Thread(() -> {
			// Let the jobs end only once stop has begun: they finish inside
			// the shutdown window.
			while (supervisor.isRunning()) {
				Thread.onSpinWait();
			}
			release.countDown();
		});
		releaser.start();
		supervisor.stop(Duration.ofSeconds(10));
		releaser.join();

		assertThat(this.harness.store.find(first.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
		assertThat(this.harness.store.find(second.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
	}

	@Test
	void jobsStillRunningAtTheDeadlineAreInterruptedAndHandedBackAsAvailable() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		this.harness.handlers.register("stubborn", Map.class, (args, context) -> {
			started.countDown();
			while (never.getCount() > 0) {
				try {
					never.await();
				}
				catch (InterruptedException ignored) {
					// Ignores interrupts: stop must still return by its deadline.
				}
			}
		});
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = supervisor.dispatcher().enqueue("stubborn", Map.of());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

		long before = System.nanoTime();
		supervisor.stop(Duration.ofMillis(300));
		Duration took = Duration.ofNanos(System.nanoTime() - before);

		Job released = this.harness.store.find(job.id()).orElseThrow();
		assertThat(released.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(released.attempt()).isZero();
		assertThat(this.harness.eventTypes(job.id())).endsWith(JobEvent.Type.RELEASED);
		assertThat(took).isLessThan(Duration.ofSeconds(30));
		assertThat(this.harness.store.list(new ListParams(null, JobState.EXECUTING, null, 10))).isEmpty();
		never.countDown();
	}

	@Test
	void aReleasedJobRunsOnTheNextStart() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		this.harness.handlers.register("once", Map.class, (args, context) -> {
			if (started.getCount() > 0) {
				started.countDown();
				new CountDownLatch(1).await();
			}
		});
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = supervisor.dispatcher().enqueue("once", Map.of());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		supervisor.stop(Duration.ofMillis(100));

		Supervisor restarted = this.harness.start("default", 1);

		Job done = this.harness.awaitState(job.id(), JobState.COMPLETED);
		assertThat(done.attempt()).isEqualTo(1);
		restarted.stop();
	}

}
