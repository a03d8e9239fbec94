package dev.jobs.engine;

import java.util.Map;

import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Results end to end: a handler's return value stored with its completion, read typed by
 * a job that depends on it; a result over the limit fails the job with a clear error.
 */
class JobResultsTest {

	private final MemoryJobStore store = new MemoryJobStore();

	private final MutableClock clock = new MutableClock();

	@Test
	void aDependentReadsItsDependenciesResultsTyped() {
		Map<Long, Size> seen = new java.util.concurrent.ConcurrentHashMap<>();
		HandlerRegistry handlers = new HandlerRegistry()
			.register(HandlerDefinition.returning("resize", Integer.class,
					(width, context) -> new Size(width, width / 2)))
			.register("ready", String.class, (name, context) -> seen.putAll(context.dependencyResults(Size.class)));
		Supervisor supervisor = supervisor(handlers);
		try (JobRunner runner = supervisor.runner()) {
			Job small = supervisor.dispatcher().enqueue("resize", 320);
			Job large = supervisor.dispatcher().enqueue("resize", 1280);
			Job ready = supervisor.dispatcher().enqueue(JobRequest.of("ready", "x").dependsOn(small, large));
			assertThat(ready.state()).isEqualTo(JobState.PENDING);
			assertThat(runner.runNext("default").orElseThrow().type()).isEqualTo(JobEvent.Type.COMPLETED);
			assertThat(runner.runNext("default").orElseThrow().type()).isEqualTo(JobEvent.Type.COMPLETED);
			assertThat(this.store.find(small.id()).orElseThrow().result()).isEqualTo("{\"width\":320,\"height\":160}");
			assertThat(runner.runNext("default").orElseThrow().job().id()).isEqualTo(ready.id());
			assertThat(seen).containsOnly(Map.entry(small.id(), new Size(320, 160)),
					Map.entry(large.id(), new Size(1280, 640)));
		}
	}

	@Test
	void aResultOverTheLimitDiscardsTheJobSayingWhy() {
		HandlerRegistry handlers = new HandlerRegistry().register(HandlerDefinition.returning("big", String.class,
				(text, context) -> "x".repeat(ExecutorConfig.DEFAULT_MAX_RESULT_BYTES + 1)));
		Supervisor supervisor = supervisor(handlers);
		try (JobRunner runner = supervisor.runner()) {
			supervisor.dispatcher().enqueue("big", "x");
			JobEvent outcome = runner.runNext("default").orElseThrow();
			assertThat(outcome.type()).isEqualTo(JobEvent.Type.DISCARDED);
			assertThat(outcome.error().error()).contains("over the limit of " + ExecutorConfig.DEFAULT_MAX_RESULT_BYTES)
				.contains("jobs.max-result-size");
		}
	}

	@Test
	void aPlainWorkerStoresNoResult() {
		HandlerRegistry handlers = new HandlerRegistry().register("plain", String.class, (text, context) -> {
		});
		Supervisor supervisor = supervisor(handlers);
		try (JobRunner runner = supervisor.runner()) {
			Job job = supervisor.dispatcher().enqueue("plain", "x");
			runner.runNext("default");
			assertThat(this.store.find(job.id()).orElseThrow().result()).isNull();
		}
	}

	private Supervisor supervisor(HandlerRegistry handlers) {
		return Supervisor.builder(this.store).handlers(handlers).clock(this.clock).queue("default", 1).build();
	}

	record Size(int width, int height) {
	}

}
