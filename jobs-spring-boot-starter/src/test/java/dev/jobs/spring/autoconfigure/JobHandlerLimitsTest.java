package dev.jobs.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.jobs.Job;
import dev.jobs.JobContext;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.engine.Supervisor;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.LimitUsage;
import dev.jobs.limit.RateLimit;
import dev.jobs.spring.handler.JobHandler;
import dev.jobs.spring.handler.JobHandlerRegistrar;
import dev.jobs.spring.metrics.JobsMetricNames;
import dev.jobs.store.JobStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Limits declared on {@link JobHandler} methods: claimed under, merged with
 * {@code jobs.limits.*} (the properties win, option by option), and checked at start-up.
 */
class JobHandlerLimitsTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, JobsAutoConfiguration.class))
		.withPropertyValues("jobs.poll-interval=50ms");

	@Test
	void theSupervisorClaimsUnderTheLimitsOfTheAnnotation() {
		this.runner.withBean(Syncs.class).run((context) -> {
			assertThat(context.getBean(JobHandlerRegistrar.class).limits()).containsExactly(JobLimit.of("crm_sync")
				.concurrency(10)
				.concurrencyPerKey(1)
				.rate(RateLimit.of(100, Duration.ofMinutes(1)))
				.ratePerKey(RateLimit.of(5, Duration.ofSeconds(1))));
			assertThat(context.getBean(Supervisor.class).limitStatus().limits())
				.extracting(LimitUsage::kind, LimitUsage::type, LimitUsage::max)
				.contains(tuple("crm_sync", "concurrency", 10), tuple("crm_sync", "concurrency-per-key", 1));
		});
	}

	@Test
	void aKeyLimitedToOneOnTheAnnotationRunsTheKeysJobsOneAtATime() {
		this.runner.withBean(Mutex.class).run((context) -> {
			Mutex mutex = context.getBean(Mutex.class);
			List<JobRequest> requests = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				requests.add(JobRequest.of("mutex", null).limitKey("customer:42"));
			}
			// All in one insert: the first claim sees them all, and without the limit
			// would take them all.
			List<Job> jobs = context.getBean(JobDispatcher.class).enqueueAll(requests);
			await().atMost(Duration.ofSeconds(10)).until(() -> mutex.started.size() == 1);
			JobStore store = context.getBean(JobStore.class);
			assertThat(jobs.stream().filter((job) -> job.id() != mutex.started.get(0)))
				.allSatisfy((job) -> assertThat(store.find(job.id())).get()
					.extracting(Job::state)
					.isEqualTo(JobState.AVAILABLE));
			mutex.gate.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> mutex.started.size() == 6);
			assertThat(mutex.mostAtOnce).isEqualTo(1);
		});
	}

	@Test
	void theAnnotationsLimitsHaveGauges() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, JobsMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withBean(Syncs.class)
			.run((context) -> assertThat(context.getBean(MeterRegistry.class)
				.get(JobsMetricNames.LIMIT_MAX)
				.tags(JobsMetricNames.TAG_KIND, "crm_sync", JobsMetricNames.TAG_LIMIT, "concurrency")
				.gauge()
				.value()).isEqualTo(10));
	}

	@Test
	void propertiesOverrideTheAnnotationOptionByOption() {
		this.runner.withBean(Syncs.class)
			.withPropertyValues("jobs.limits.crm_sync.concurrency=3", "jobs.limits.crm_sync.rate=7/1s")
			.run((context) -> assertThat(limits(context.getBean(Supervisor.class))).containsExactlyInAnyOrder(
					"crm_sync rate 7", "crm_sync rate-per-key 5", "crm_sync concurrency 3",
					"crm_sync concurrency-per-key 1"));
	}

	@Test
	void propertiesAddLimitsToKindsWhoseAnnotationHasNone() {
		this.runner.withBean(Mutex.class)
			.withPropertyValues("jobs.limits.other.concurrency=2")
			.run((context) -> assertThat(limits(context.getBean(Supervisor.class)))
				.containsExactlyInAnyOrder("mutex concurrency-per-key 1", "other concurrency 2"));
	}

	@Test
	void failsStartUpOnALimitBelowOneNamingTheMethodAndAttribute() {
		assertFails(NegativeConcurrency.class, "NegativeConcurrency.run() of bean",
				"invalid @JobHandler concurrency '-1': must be at least 1");
		assertFails(NegativeConcurrencyPerKey.class, "NegativeConcurrencyPerKey.run() of bean",
				"invalid @JobHandler concurrencyPerKey '-2': must be at least 1");
	}

	@Test
	void failsStartUpOnAMalformedRateNamingTheMethodAndAttribute() {
		assertFails(MalformedRate.class, "MalformedRate.run() of bean",
				"invalid @JobHandler rate '10/xyz': '10/xyz' is not a rate: write a count, a slash and a period");
		assertFails(MalformedRatePerKey.class, "MalformedRatePerKey.run() of bean",
				"invalid @JobHandler ratePerKey '0/1s'", "count must be at least 1");
	}

	private void assertFails(Class<?> bean, String... messages) {
		this.runner.withBean(bean).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
				.hasMessageContainingAll(messages);
		});
	}

	private static List<String> limits(Supervisor supervisor) {
		List<String> limits = new ArrayList<>();
		for (LimitUsage usage : supervisor.limitStatus().limits()) {
			limits.add(usage.kind() + " " + usage.type() + " " + usage.max());
		}
		return limits;
	}

	static class Syncs {

		@JobHandler(value = "crm_sync", concurrency = 10, concurrencyPerKey = 1, rate = "100/1m", ratePerKey = "5/s")
		public void sync() {
		}

	}

	static class Mutex {

		final List<Long> started = new CopyOnWriteArrayList<>();

		final CountDownLatch gate = new CountDownLatch(1);

		private int running;

		volatile int mostAtOnce;

		@JobHandler(value = "mutex", concurrencyPerKey = 1)
		public void run(JobContext context) throws InterruptedException {
			synchronized (this) {
				this.running++;
				this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
			}
			this.started.add(context.job().id());
			this.gate.await(10, TimeUnit.SECONDS);
			synchronized (this) {
				this.running--;
			}
		}

	}

	static class NegativeConcurrency {

		@JobHandler(value = "negative", concurrency = -1)
		public void run() {
		}

	}

	static class NegativeConcurrencyPerKey {

		@JobHandler(value = "negative_per_key", concurrencyPerKey = -2)
		public void run() {
		}

	}

	static class MalformedRate {

		@JobHandler(value = "malformed", rate = "10/xyz")
		public void run() {
		}

	}

	static class MalformedRatePerKey {

		@JobHandler(value = "malformed_per_key", ratePerKey = "0/1s")
		public void run() {
		}

	}

}
