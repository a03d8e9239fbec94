package dev.jobs.observation;

import java.time.Duration;
import java.util.List;

import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.memory.MemoryJobStore;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Enqueues and attempts as Micrometer observations, through a real supervisor on a memory
 * store.
 */
class ObservationJobObserverTest {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final MemoryJobStore store = new MemoryJobStore();

	private final HandlerRegistry handlers = new HandlerRegistry();

	private Supervisor supervisor;

	@AfterEach
	void stop() {
		if (this.supervisor != null) {
			this.supervisor.stop(Duration.ofSeconds(5));
		}
	}

	private Supervisor start(ObservationJobObserver observer) {
		this.supervisor = Supervisor.builder(this.store)
			.handlers(this.handlers)
			.observer(observer)
			.retryPolicy(RetryPolicy.constant(Duration.ofHours(1)))
			.queue(new QueueConfig("default", 2, 10, Duration.ofMillis(50)))
			.build();
		this.supervisor.start();
		return this.supervisor;
	}

	@Test
	void anEnqueueAndACompletedAttemptAreObservedWithTheirKeyValues() {
		this.handlers.register("send_email", Object.class, (args, context) -> {
		});
		Supervisor supervisor = start(new ObservationJobObserver(this.registry));

		Job job = supervisor.dispatcher().enqueue(JobRequest.of("send_email", null).queue("default"));
		await().until(() -> this.store.find(job.id()).orElseThrow().state() == JobState.COMPLETED);

		await().untilAsserted(() -> assertThat(this.registry).hasObservationWithNameEqualTo("jobs.execute")
			.that()
			.hasBeenStopped()
			.hasContextualNameEqualTo("execute send_email")
			.hasLowCardinalityKeyValue("queue", "default")
			.hasLowCardinalityKeyValue("kind", "send_email")
			.hasLowCardinalityKeyValue("outcome", "completed")
			.hasHighCardinalityKeyValue("job.id", Long.toString(job.id()))
			.hasHighCardinalityKeyValue("job.attempt", "1")
			.doesNotHaveError());
		assertThat(this.registry).hasObservationWithNameEqualTo("jobs.enqueue")
			.that()
			.hasBeenStopped()
			.hasContextualNameEqualTo("enqueue send_email")
			.hasLowCardinalityKeyValue("outcome", "enqueued")
			.hasHighCardinalityKeyValue("job.id", Long.toString(job.id()));
	}

	@Test
	void aFailingAttemptCarriesItsError() {
		this.handlers.register("broken", Object.class, (args, context) -> {
			throw new IllegalStateException("the mail server is down");
		});
		Supervisor supervisor = start(new ObservationJobObserver(this.registry));

		Job job = supervisor.dispatcher().enqueue(JobRequest.of("broken", null));
		await().until(() -> this.store.find(job.id()).orElseThrow().state() == JobState.RETRYABLE);

		await().untilAsserted(() -> assertThat(this.registry).hasObservationWithNameEqualTo("jobs.execute")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "retried")
			.assertThatError()
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("the mail server is down"));
	}

	@Test
	void aTimedOutAttemptStopsAtItsTimeoutWithTheTimeoutAsError() {
		this.handlers.register("stuck", Object.class, (args, context) -> {
			// Blocks until the timeout interrupts it.
			new java.util.concurrent.CountDownLatch(1).await();
		});
		Supervisor supervisor = start(new ObservationJobObserver(this.registry));

		Job job = supervisor.dispatcher().enqueue(JobRequest.of("stuck", null).timeout(Duration.ofMillis(100)));
		await().until(() -> this.store.find(job.id()).orElseThrow().state() == JobState.RETRYABLE);

		await().untilAsserted(() -> assertThat(this.registry).hasObservationWithNameEqualTo("jobs.execute")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("outcome", "retried")
			.assertThatError()
			.isInstanceOf(java.util.concurrent.TimeoutException.class));
	}

	@Test
	void customConventionsReplaceTheNamesAndKeyValues() {
		this.handlers.register("a", Object.class, (args, context) -> {
		});
		JobExecuteObservationConvention execute = new DefaultJobExecuteObservationConvention() {
			@Override
			public String getName() {
				return "my.job";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(JobExecuteContext context) {
				return super.getLowCardinalityKeyValues(context).and("team", "mail");
			}
		};
		JobEnqueueObservationConvention enqueue = new DefaultJobEnqueueObservationConvention() {
			@Override
			public String getName() {
				return "my.enqueue";
			}
		};
		Supervisor supervisor = start(new ObservationJobObserver(this.registry, enqueue, execute));

		supervisor.dispatcher().enqueueAll(List.of(JobRequest.of("a", null), JobRequest.of("a", null).queue("q")));

		await().untilAsserted(() -> assertThat(this.registry).hasObservationWithNameEqualTo("my.job")
			.that()
			.hasLowCardinalityKeyValue("team", "mail"));
		assertThat(this.registry).hasObservationWithNameEqualTo("my.enqueue")
			.that()
			.hasLowCardinalityKeyValue("kind", "a")
			.hasLowCardinalityKeyValue("queue", "many")
			.hasHighCardinalityKeyValue("job.count", "2");
	}

}
