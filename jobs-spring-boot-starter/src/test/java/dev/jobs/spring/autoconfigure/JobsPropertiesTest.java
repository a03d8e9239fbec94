package dev.jobs.spring.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.CronConfig;
import dev.jobs.engine.ExecutorConfig;
import dev.jobs.engine.MaintenanceConfig;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.MemoryJobStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of {@code jobs.*}, its defaults, and the start-up failures that bad values
 * cause.
 */
class JobsPropertiesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JobsAutoConfiguration.class));

	@Test
	void defaultsAreTheEnginesConstants() {
		JobsProperties properties = new JobsProperties();
		assertThat(properties.getPollInterval()).isEqualTo(QueueConfig.DEFAULT_POLL_INTERVAL);
		assertThat(properties.getShutdownTimeout()).isEqualTo(Supervisor.DEFAULT_SHUTDOWN_TIMEOUT);
		assertThat(properties.getTimeout()).isEqualTo(ExecutorConfig.DEFAULT_TIMEOUT);
		assertThat(properties.getMaxAttempts()).isEqualTo(ClientConfig.DEFAULT_MAX_ATTEMPTS);
		assertThat(properties.getDefaultQueue()).isEqualTo(ClientConfig.DEFAULT_QUEUE);
		assertThat(properties.getMaxArgsSize()).isEqualTo(DataSize.ofBytes(ClientConfig.DEFAULT_MAX_ARGS_BYTES));
		assertThat(properties.getHeartbeatInterval()).isEqualTo(MaintenanceConfig.DEFAULT_HEARTBEAT_INTERVAL);
		assertThat(properties.getRescue().getNodeExpiry()).isEqualTo(MaintenanceConfig.DEFAULT_NODE_EXPIRY);
		assertThat(properties.getRetention().getCompleted()).isEqualTo(MaintenanceConfig.DEFAULT_COMPLETED_RETENTION);
		assertThat(properties.getRetry().getBase()).isEqualTo(RetryPolicy.DEFAULT_BASE);
		assertThat(properties.getCronScheduling().getMisfireGrace()).isEqualTo(CronConfig.DEFAULT_MISFIRE_GRACE);
		assertThat(properties.getMemory().getMaxJobs()).isEqualTo(MemoryJobStore.Config.DEFAULT_MAX_JOBS);
		assertThat(new JobsSettings(properties).maintenance()).isEqualTo(MaintenanceConfig.DEFAULT);
		assertThat(new JobsSettings(properties).client()).isEqualTo(ClientConfig.DEFAULT);
		assertThat(new JobsSettings(properties).queues())
			.containsExactly(QueueConfig.of(ClientConfig.DEFAULT_QUEUE, QueueConfig.DEFAULT_CONCURRENCY));
	}

	@Test
	void bindsEveryGroup() {
		this.runner
			.withPropertyValues("jobs.queues.emails.concurrency=5", "jobs.queues.emails.fetch-limit=7",
					"jobs.queues.emails.poll-interval=250ms", "jobs.poll-interval=2s", "jobs.queues.images.paused=true",
					"jobs.max-args-size=64KB", "jobs.timeout=1m", "jobs.max-attempts=3", "jobs.retry.policy=constant",
					"jobs.retry.base=5s", "jobs.retention.completed=1h", "jobs.rescue.node-expiry=1m",
					"jobs.cron.nightly.expression=@daily", "jobs.cron.nightly.kind=report",
					"jobs.cron.nightly.args-json={\"full\":true}", "jobs.cron.nightly.zone=UTC",
					"jobs.cron.nightly.queue=reports", "jobs.worker.enabled=false")
			.run((context) -> {
				JobsSettings settings = new JobsSettings(context.getBean(JobsProperties.class));
				assertThat(settings.queues()).containsExactly(new QueueConfig("emails", 5, 7, Duration.ofMillis(250)),
						new QueueConfig("images", QueueConfig.DEFAULT_CONCURRENCY, QueueConfig.DEFAULT_FETCH_LIMIT,
								Duration.ofSeconds(2)));
				assertThat(settings.pausedQueues()).containsExactly("images");
				assertThat(settings.client().maxArgsBytes()).isEqualTo(64 * 1024);
				assertThat(settings.client().defaultMaxAttempts()).isEqualTo(3);
				assertThat(settings.executor(false).defaultTimeout()).isEqualTo(Duration.ofMinutes(1));
				assertThat(settings.retryPolicy().backoff(7)).isEqualTo(Duration.ofSeconds(5));
				assertThat(settings.maintenance().completedRetention()).isEqualTo(Duration.ofHours(1));
				assertThat(settings.maintenance().nodeExpiry()).isEqualTo(Duration.ofMinutes(1));
				assertThat(settings.cronEntries(tools.jackson.databind.json.JsonMapper.builder().build()))
					.singleElement()
					.satisfies((entry) -> {
						assertThat(entry.name()).isEqualTo("nightly");
						assertThat(entry.request().kind()).isEqualTo("report");
						assertThat(entry.request().queue()).isEqualTo("reports");
						assertThat(entry.request().args()).hasToString("{\"full\":true}");
						assertThat(entry.schedule().next(java.time.Instant.parse("2026-03-01T10:00:00Z")))
							.isEqualTo(java.time.Instant.parse("2026-03-02T00:00:00Z"));
					});
			});
	}

	@Test
	void failsOnAZeroConcurrencyNamingTheProperty() {
		assertInvalid("jobs.queues.emails.concurrency", "must be at least 1", "jobs.queues.emails.concurrency=0");
	}

	@Test
	void failsOnANegativePollInterval() {
		assertInvalid("jobs.poll-interval", "must be a positive duration", "jobs.poll-interval=-1s");
	}

	@Test
	void failsOnANodeExpiryShorterThanTwoHeartbeats() {
		assertInvalid("jobs.rescue.node-expiry", "must be at least twice jobs.heartbeat-interval",
				"jobs.heartbeat-interval=10s", "jobs.rescue.node-expiry=15s");
	}

	@Test
	void failsOnAJitterOutsideZeroToOne() {
		assertInvalid("jobs.retry.jitter", "must be between 0 and 1", "jobs.retry.jitter=1.5");
	}

	@Test
	void failsOnAMalformedCronExpressionNamingTheEntry() {
		assertInvalid("jobs.cron.nightly.expression", "Cron expression must consist of 6 fields",
				"jobs.cron.nightly.expression=0 3 * *", "jobs.cron.nightly.kind=report");
	}

	@Test
	void failsOnACronEntryWithoutAKind() {
		assertInvalid("jobs.cron.nightly.kind", "must be set", "jobs.cron.nightly.expression=@daily");
	}

	@Test
	void failsOnAnUnknownCronZone() {
		assertInvalid("jobs.cron.nightly.zone", "Mars/Olympus", "jobs.cron.nightly.expression=@daily",
				"jobs.cron.nightly.kind=report", "jobs.cron.nightly.zone=Mars/Olympus");
	}

	@Test
	void failsOnCronArgsGivenTwice() {
		assertInvalid("jobs.cron.nightly.args-json", "not both", "jobs.cron.nightly.expression=@daily",
				"jobs.cron.nightly.kind=report", "jobs.cron.nightly.args.full=true", "jobs.cron.nightly.args-json={}");
	}

	@Test
	void failsOnMalformedCronArgsJson() {
		assertInvalid("jobs.cron.nightly.args-json", "is not valid JSON", "jobs.cron.nightly.expression=@daily",
				"jobs.cron.nightly.kind=report", "jobs.cron.nightly.args-json={full");
	}

	@Test
	void failsOnAMalformedDurationNamingTheProperty() {
		this.runner.withPropertyValues("jobs.shutdown-timeout=soon")
			.run(failure(BindException.class,
					(ex) -> assertThat(ex.getProperty().getName()).hasToString("jobs.shutdown-timeout")));
	}

	@Test
	void failsOnAnUnknownRetryPolicyNamingTheProperty() {
		this.runner.withPropertyValues("jobs.retry.policy=fibonacci")
			.run(failure(BindException.class,
					(ex) -> assertThat(ex.getProperty().getName()).hasToString("jobs.retry.policy")));
	}

	private void assertInvalid(String property, String reason, String... properties) {
		this.runner.withPropertyValues(properties)
			.run(failure(InvalidConfigurationPropertyValueException.class, (ex) -> {
				assertThat(ex.getName()).isEqualTo(property);
				assertThat(ex.getReason()).contains(reason);
			}));
	}

	private static <T extends Throwable> org.springframework.boot.test.context.runner.ContextConsumer<AssertableApplicationContext> failure(
			Class<T> type, Consumer<T> assertion) {
		return (context) -> {
			assertThat(context).hasFailed();
			Throwable cause = findCause(context.getStartupFailure(), type);
			assertThat(cause).as("a %s in the start-up failure", type.getSimpleName()).isNotNull();
			assertion.accept(type.cast(cause));
		};
	}

	private static Throwable findCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return cause;
			}
		}
		return null;
	}

}
