package dev.jobs.spring.metrics;

import java.time.Duration;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import dev.jobs.spring.autoconfigure.JobsMetricsAutoConfiguration;
import dev.jobs.spring.handler.JobHandler;
import dev.jobs.store.JobStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Micrometer meters of jobs, on a {@link SimpleMeterRegistry}.
 */
class JobsMetricsTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, JobsAutoConfiguration.class,
				JobsMetricsAutoConfiguration.class))
		.withPropertyValues("jobs.poll-interval=50ms", "jobs.queues.default.concurrency=2",
				"jobs.queues.slow.paused=true")
		.withBean(SimpleMeterRegistry.class)
		.withBean(Handlers.class);

	@Test
	void countsAndTimesJobsByQueueKindAndOutcome() {
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			Job ok = dispatcher.enqueue("ok", null);
			Job failed = dispatcher.enqueue(JobRequest.of("fail", null).maxAttempts(1));
			awaitState(context, ok, JobState.COMPLETED);
			awaitState(context, failed, JobState.DISCARDED);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(
						registry.get(JobsMetricNames.ENQUEUED).tags("queue", "default", "kind", "ok").counter().count())
					.isEqualTo(1);
				assertThat(registry.get(JobsMetricNames.COMPLETED).tags("kind", "ok").counter().count()).isEqualTo(1);
				assertThat(registry.get(JobsMetricNames.FAILED)
					.tags("queue", "default", "kind", "fail", "outcome", "discarded")
					.counter()
					.count()).isEqualTo(1);
				assertThat(registry.get(JobsMetricNames.EXECUTION)
					.tags("kind", "ok", "outcome", "completed")
					.timer()
					.count()).isEqualTo(1);
				assertThat(registry.get(JobsMetricNames.QUEUE_LATENCY).tags("kind", "fail").timer().count())
					.isEqualTo(1);
			});
			assertThat(registry.getMeters()).allSatisfy(
					(meter) -> assertThat(meter.getId().getTags()).extracting(io.micrometer.core.instrument.Tag::getKey)
						.isSubsetOf("queue", "kind", "outcome"));
		});
	}

	@Test
	void gaugesAQueuesDepthAndLag() {
		this.runner.run((context) -> {
			context.getBean(JobDispatcher.class).enqueue(JobRequest.of("ok", null).queue("slow"));
			context.getBean(JobDispatcher.class).enqueue(JobRequest.of("ok", null).queue("slow"));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(registry.get(JobsMetricNames.QUEUE_DEPTH).tag("queue", "slow").gauge().value())
							.isEqualTo(2));
			assertThat(registry.get(JobsMetricNames.QUEUE_LAG).tag("queue", "slow").gauge().value())
				.isGreaterThanOrEqualTo(0);
			assertThat(registry.get(JobsMetricNames.QUEUE_DEPTH).tag("queue", "default").gauge().value()).isZero();
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JobsAutoConfiguration.class, JobsMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JobsMetricsListener.class)
				.doesNotHaveBean(JobsQueueMetrics.class));
	}

	static void awaitState(AssertableApplicationContext context, Job job, JobState state) {
		JobStore store = context.getBean(JobStore.class);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(store.find(job.id())).get().extracting(Job::state).isEqualTo(state));
	}

	static class Handlers {

		@JobHandler("ok")
		void ok() {
		}

		@JobHandler("fail")
		void fail() {
			throw new IllegalStateException("always fails");
		}

	}

}
