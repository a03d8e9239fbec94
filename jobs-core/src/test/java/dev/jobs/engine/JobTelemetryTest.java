package dev.jobs.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobObserver;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.store.JobInsert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MDC while a handler runs, and what a {@link JobObserver} hears of enqueues and
 * attempts.
 */
class JobTelemetryTest {

	private final EngineHarness harness = new EngineHarness();

	private final RecordingObserver observer = new RecordingObserver();

	@AfterEach
	void stop() {
		this.harness.close();
	}

	@Test
	void theMdcHoldsTheJobWhileItsHandlerRunsAndIsClearedAfterEveryOutcome() {
		List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
		List<Map<String, String>> after = new CopyOnWriteArrayList<>();
		this.harness.handlers.register("ok", Object.class, (args, context) -> seen.add(MDC.getCopyOfContextMap()));
		this.harness.handlers.register("fails", Object.class, (args, context) -> {
			seen.add(MDC.getCopyOfContextMap());
			throw new IllegalStateException("boom");
		});
		this.harness.handlers.register("slow", Object.class, (args, context) -> {
			seen.add(MDC.getCopyOfContextMap());
			Thread.sleep(10_000);
		});
		// One thread for every job, so what one job leaves in the MDC the next one sees.
		Supervisor supervisor = this.harness.start(
				(builder) -> builder.queue(new QueueConfig("default", 1, 100, EngineHarness.LONG)).listener((event) -> {
					if (event.type() == JobEvent.Type.STARTED) {
						after.add(MDC.getCopyOfContextMap() != null ? MDC.getCopyOfContextMap() : Map.of());
					}
				}));

		Job ok = supervisor.dispatcher().enqueue(JobRequest.of("ok", null));
		this.harness.awaitState(ok.id(), JobState.COMPLETED);
		Job fails = supervisor.dispatcher().enqueue(JobRequest.of("fails", null));
		this.harness.awaitState(fails.id(), JobState.RETRYABLE);
		Job slow = supervisor.dispatcher().enqueue(JobRequest.of("slow", null).timeout(Duration.ofMillis(50)));
		this.harness.awaitState(slow.id(), JobState.RETRYABLE);
		Job last = supervisor.dispatcher().enqueue(JobRequest.of("ok", null));
		this.harness.awaitState(last.id(), JobState.COMPLETED);

		assertThat(seen).hasSize(4);
		assertThat(seen.get(0)).containsEntry("jobs.id", Long.toString(ok.id()))
			.containsEntry("jobs.kind", "ok")
			.containsEntry("jobs.queue", "default")
			.containsEntry("jobs.attempt", "1");
		assertThat(seen.get(1)).containsEntry("jobs.id", Long.toString(fails.id()));
		assertThat(seen.get(2)).containsEntry("jobs.id", Long.toString(slow.id()));
		// The thread that ran the failed and the timed-out job kept nothing of them.
		assertThat(seen.get(3)).containsOnlyKeys("jobs.id", "jobs.kind", "jobs.queue", "jobs.attempt")
			.containsEntry("jobs.id", Long.toString(last.id()));
	}

	@Test
	void aJobRunOnTheCallersThreadLeavesTheCallersMdcAsItWas() {
		this.harness.handlers.register("ok", Object.class, (args, context) -> {
		});
		JobRunner runner = new JobRunner(this.harness.store, this.harness.handlers, new dev.jobs.JacksonArgsCodec(),
				dev.jobs.retry.RetryPolicy.defaultPolicy(), Duration.ofSeconds(5), this.harness.clock, (event) -> {
				}, "node");
		MDC.put("jobs.id", "outer");
		MDC.put("request", "r-1");
		try {
			this.harness.store.insert(new dev.jobs.store.InsertParams(
					List.of(JobInsert.of("default", "ok", "{}", this.harness.clock.instant())),
					this.harness.clock.instant()));
			assertThat(runner.runNext("default")).map(JobEvent::type).contains(JobEvent.Type.COMPLETED);
			assertThat(MDC.get("jobs.id")).isEqualTo("outer");
			assertThat(MDC.get("request")).isEqualTo("r-1");
			assertThat(MDC.get("jobs.kind")).isNull();
		}
		finally {
			MDC.clear();
		}
	}

	@Test
	void theObserverStampsItsMetaOnEnqueuedJobsAndHearsEveryAttempt() throws Exception {
		CountDownLatch retried = new CountDownLatch(1);
		this.harness.handlers.register("flaky", Object.class, (args, context) -> {
			if (context.attempt() == 1) {
				throw new IllegalStateException("first attempt fails");
			}
		});
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue(new QueueConfig("default", 2, 100, EngineHarness.LONG))
				.observer(this.observer)
				.listener((event) -> {
					if (event.type() == JobEvent.Type.RETRIED) {
						retried.countDown();
					}
				}));

		Job job = supervisor.dispatcher().enqueue(JobRequest.of("flaky", null).tags("t"));
		assertThat(job.meta()).containsEntry("traceparent", "00-enqueue-1");
		assertThat(this.harness.store.find(job.id()).orElseThrow().meta()).containsEntry("traceparent", "00-enqueue-1");
		assertThat(this.observer.enqueued).containsExactly(List.of(job.id()));
		assertThat(retried.await(10, TimeUnit.SECONDS)).isTrue();
		this.harness.clock.advance(Duration.ofSeconds(11));
		supervisor.stage();
		this.harness.awaitState(job.id(), JobState.COMPLETED);

		await().untilAsserted(() -> assertThat(this.observer.attempts).containsExactlyInAnyOrder(
				"flaky#1 00-enqueue-1 RETRIED IllegalStateException closed-on-handler-thread",
				"flaky#2 00-enqueue-1 COMPLETED - closed-on-handler-thread"));
	}

	static final class RecordingObserver implements JobObserver {

		final List<List<Long>> enqueued = new CopyOnWriteArrayList<>();

		final List<String> attempts = new CopyOnWriteArrayList<>();

		@Override
		public Enqueue enqueue(List<JobInsert> jobs) {
			return new Enqueue() {
				@Override
				public Map<String, String> meta() {
					return Map.of("traceparent", "00-enqueue-1");
				}

				@Override
				public void stop(List<Job> stored, @Nullable Throwable error) {
					RecordingObserver.this.enqueued.add(stored.stream().map(Job::id).toList());
				}
			};
		}

		@Override
		public Attempt attempt(Job job) {
			Thread handlerThread = Thread.currentThread();
			return new Attempt() {
				private String outcome = "none";

				@Override
				public void outcome(JobEvent.Type type, @Nullable Throwable error) {
					this.outcome = type + " " + ((error != null) ? error.getClass().getSimpleName() : "-");
				}

				@Override
				public void close() {
					RecordingObserver.this.attempts.add(job.kind() + "#" + job.attempt() + " "
							+ job.meta().get("traceparent") + " " + this.outcome + " "
							+ ((Thread.currentThread() == handlerThread) ? "closed-on-handler-thread" : "elsewhere"));
				}
			};
		}

	}

}
