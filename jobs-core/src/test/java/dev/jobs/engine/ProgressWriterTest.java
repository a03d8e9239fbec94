package dev.jobs.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobProgress;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Progress and log lines: kept in memory, bounded, and written in one batch per interval
 * whatever the number of reports.
 */
class ProgressWriterTest {

	private final MutableClock clock = new MutableClock();

	private final CountingStore store = new CountingStore();

	private final EngineHarness harness = new EngineHarness();

	@AfterEach
	void stop() {
		this.harness.close();
	}

	@Test
	void aChattyHandlerCostsOneWriteForAllJobsPerFlush() {
		ProgressWriter writer = new ProgressWriter(this.store, this.clock, Duration.ofSeconds(1));
		Job a = job();
		Job b = job();
		for (int i = 1; i <= 1_000; i++) {
			writer.progress(a, null, (long) i, 1_000L);
			writer.log(b, "line " + i);
		}

		writer.flush();

		assertThat(this.store.writes).hasSize(1);
		assertThat(this.store.writes.get(0)).hasSize(2);
		assertThat(this.store.findProgress(a.id())).get().extracting(JobProgress::done).isEqualTo(1_000L);
		List<String> log = this.store.findProgress(b.id()).orElseThrow().log();
		assertThat(log).hasSize(JobProgress.MAX_LINES).startsWith("line 901").endsWith("line 1000");
		writer.flush();
		assertThat(this.store.writes).as("nothing changed, nothing written").hasSize(1);
	}

	@Test
	void theLogKeepsItsLastSixtyFourKilobytesAndCutsLongLines() {
		ProgressWriter writer = new ProgressWriter(this.store, this.clock, Duration.ofSeconds(1));
		Job job = job();
		for (int i = 0; i < 40; i++) {
			writer.log(job, i + "x".repeat(5_000));
		}
		writer.flush();
		List<String> log = this.store.findProgress(job.id()).orElseThrow().log();
		assertThat(log).allSatisfy((line) -> assertThat(line).hasSize(JobProgress.MAX_LINE_CHARS).endsWith("\u2026"));
		assertThat(log.stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(JobProgress.MAX_LOG_CHARS);
		assertThat(log.get(log.size() - 1)).startsWith("39x");
	}

	@Test
	void anEndedAttemptIsWrittenOnceMoreThenForgotten() {
		ProgressWriter writer = new ProgressWriter(this.store, this.clock, Duration.ofSeconds(1));
		Job job = job();
		writer.log(job, "last words");
		writer.ended(job);
		writer.flush();
		writer.log(job, "after the end");
		writer.flush();
		assertThat(this.store.writes).hasSize(2);
		assertThat(this.store.findProgress(job.id()).orElseThrow().log()).containsExactly("after the end");
	}

	@Test
	void handlersReportThroughTheirContextAndTheReportIsWrittenWithoutWaitingForTheEnd() {
		this.harness.handlers.register("import", Object.class, (args, context) -> {
			context.log("reading rows");
			for (int i = 1; i <= 500; i++) {
				context.progress(i, 500);
			}
			context.log("imported 500 rows");
		});
		this.harness.handlers.register("bad", Object.class, (args, context) -> context.progress(1.5));
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue(new QueueConfig("default", 2, 10, EngineHarness.LONG))
				.progressInterval(Duration.ofMillis(50)));

		Job job = supervisor.dispatcher().enqueue(JobRequest.of("import", null));
		this.harness.awaitState(job.id(), JobState.COMPLETED);
		JobProgress progress = await().until(() -> this.harness.store.findProgress(job.id()).orElse(null),
				(found) -> found != null && found.log().size() == 2);
		assertThat(progress.fraction()).isEqualTo(1.0);
		assertThat(progress.done()).isEqualTo(500L);
		assertThat(progress.total()).isEqualTo(500L);
		assertThat(progress.attempt()).isEqualTo(1);
		assertThat(progress.log()).containsExactly("reading rows", "imported 500 rows");

		Job bad = supervisor.dispatcher().enqueue(JobRequest.of("bad", null));
		Job failed = this.harness.awaitState(bad.id(), JobState.RETRYABLE);
		assertThat(failed.errors().get(0).error()).contains("progress must be a fraction from 0 to 1, but was 1.5");
	}

	@Test
	void badProgressIsRejectedWithTheValue() {
		this.harness.handlers.register("counts", Object.class, (args, context) -> context.progress(5, 4));
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = supervisor.dispatcher().enqueue(JobRequest.of("counts", null));
		Job failed = this.harness.awaitState(job.id(), JobState.RETRYABLE);
		assertThat(failed.errors().get(0).error()).contains("IllegalArgumentException").contains("but was 5 of 4");
	}

	private Job job() {
		return this.store
			.insert(new InsertParams(List.of(JobInsert.of("default", "k", "{}", this.clock.instant())),
					this.clock.instant()))
			.get(0);
	}

	static final class CountingStore extends DelegatingJobStore {

		final List<List<JobProgress>> writes = new ArrayList<>();

		CountingStore() {
			super(new MemoryJobStore());
		}

		@Override
		public void saveProgress(List<JobProgress> reports) {
			this.writes.add(reports);
			super.saveProgress(reports);
		}

	}

}
