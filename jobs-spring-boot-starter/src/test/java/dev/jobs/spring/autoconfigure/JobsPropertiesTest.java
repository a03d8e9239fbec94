package dev.jobs.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.CronConfig;
import dev.jobs.engine.ExecutorConfig;
import dev.jobs.engine.HeartbeatConfig;
import dev.jobs.engine.LeaderConfig;
import dev.jobs.engine.PrunerConfig;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.RescuerConfig;
import dev.jobs.engine.StagerConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.memory.MemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of {@code jobs.*}, its defaults, the names deprecated in 0.1.0, and the
 * start-up failures that bad values cause.
 */
@ExtendWith(OutputCaptureExtension.class)
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
		assertThat(properties.getNode().getId()).isNull();
		assertThat(properties.getNode().getHeartbeatInterval()).isEqualTo(HeartbeatConfig.DEFAULT_INTERVAL);
		assertThat(properties.getNode().getExpiry()).isEqualTo(RescuerConfig.DEFAULT_NODE_EXPIRY);
		assertThat(properties.getLeader().getTtl()).isEqualTo(LeaderConfig.DEFAULT_TTL);
		assertThat(properties.getStager().getInterval()).isEqualTo(StagerConfig.DEFAULT_INTERVAL);
		assertThat(properties.getRescue().getInterval()).isEqualTo(RescuerConfig.DEFAULT_INTERVAL);
		assertThat(properties.getPruner().getInterval()).isEqualTo(PrunerConfig.DEFAULT_INTERVAL);
		assertThat(properties.getRetention().getCompleted()).isEqualTo(PrunerConfig.Retention.DEFAULT_COMPLETED);
		assertThat(properties.getRetry().getDelay()).isEqualTo(RetryPolicy.DEFAULT_BASE);
		assertThat(properties.getRetry().getMaxDelay()).isEqualTo(RetryPolicy.DEFAULT_MAX);
		assertThat(properties.getCronScheduling().getMisfireGrace()).isEqualTo(CronConfig.DEFAULT_MISFIRE_GRACE);
		assertThat(properties.getMemory().getMaxJobs()).isEqualTo(MemoryJobStore.Config.DEFAULT_MAX_JOBS);
		assertThat(new JobsSettings(properties).maintenance()).isEqualTo(JobsSettings.Maintenance.DEFAULT);
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
					"jobs.retry.delay=5s", "jobs.retention.completed=1h", "jobs.node.expiry=1m",
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
				assertThat(settings.maintenance().pruner().retention().completed()).isEqualTo(Duration.ofHours(1));
				assertThat(settings.maintenance().rescuer().nodeExpiry()).isEqualTo(Duration.ofMinutes(1));
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
		assertInvalid("jobs.node.expiry", "must be at least twice jobs.node.heartbeat-interval",
				"jobs.node.heartbeat-interval=10s", "jobs.node.expiry=15s");
	}

	@Test
	void failsOnAMaxDelayShorterThanTheDelay() {
		assertInvalid("jobs.retry.max-delay", "must not be less than jobs.retry.delay", "jobs.retry.delay=1m",
				"jobs.retry.max-delay=30s");
	}

	@Test
	void failsOnANegativeConstantDelay() {
		assertInvalid("jobs.retry.delay", "must be zero or more", "jobs.retry.policy=constant", "jobs.retry.delay=-1s");
	}

	@Test
	void failsOnAJitterOutsideZeroToOne() {
		assertInvalid("jobs.retry.jitter", "must be between 0 and 1", "jobs.retry.jitter=1.5");
	}

	@Test
	void failsOnAMalformedCronExpressionNamingTheEntry() {
		assertInvalid("jobs.cron.nightly.expression", "must consist of 5 fields (minute first) or 6 fields",
				"jobs.cron.nightly.expression=0 3 * *", "jobs.cron.nightly.kind=report");
	}

	@Test
	void failsOnAMalformedFiveFieldCronExpressionNamingTheEntry() {
		assertInvalid("jobs.cron.quarterly.expression", "61", "jobs.cron.quarterly.expression=61 * * * *",
				"jobs.cron.quarterly.kind=report");
	}

	@Test
	void bindsAFiveFieldCronExpression() {
		this.runner
			.withPropertyValues("jobs.cron.quarter.expression=*/15 * * * *", "jobs.cron.quarter.kind=report",
					"jobs.worker.enabled=false")
			.run((context) -> assertThat(new JobsSettings(context.getBean(JobsProperties.class))
				.cronEntries(tools.jackson.databind.json.JsonMapper.builder().build())).singleElement()
				.satisfies((entry) -> assertThat(entry.schedule().next(java.time.Instant.parse("2026-03-01T10:07:30Z")))
					.isEqualTo(java.time.Instant.parse("2026-03-01T10:15:00Z"))));
	}

	@Test
	void failsOnAStrictOrderNamingAQueueThatIsNotConfigured() {
		assertInvalid("jobs.worker.strict-order", "queue 'low' is not configured", "jobs.worker.strict-order=high,low",
				"jobs.queues.high.concurrency=1");
	}

	@Test
	void failsOnAStrictOrderOfOneQueue() {
		assertInvalid("jobs.worker.strict-order", "two or more different queues", "jobs.worker.strict-order=high",
				"jobs.queues.high.concurrency=1");
	}

	@Test
	void failsOnMaxJobsBelowOne() {
		assertInvalid("jobs.worker.max-jobs", "must be at least 1", "jobs.worker.max-jobs=0");
	}

	@Test
	void readsTheRunLimitFromItsPropertiesOrTheShortCommandLineForms() {
		JobsProperties properties = new JobsProperties();
		org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment();
		assertThat(new JobsSettings(properties).runLimit(environment)).isEqualTo(dev.jobs.engine.RunLimit.NONE);
		environment.setProperty("max-jobs", "50");
		environment.setProperty("exit-when-empty", "true");
		assertThat(new JobsSettings(properties).runLimit(environment))
			.isEqualTo(new dev.jobs.engine.RunLimit(50, true));
		properties.getWorker().setMaxJobs(7L);
		assertThat(new JobsSettings(properties).runLimit(environment).maxJobs()).isEqualTo(7);
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

	@ParameterizedTest(name = "{1}")
	@MethodSource("renamedProperties")
	void bindsTheNewName(String deprecatedName, String name, String value, Object expected, String[] others,
			Function<AssertableApplicationContext, Object> applied, CapturedOutput output) {
		this.runner.withPropertyValues(others).withPropertyValues(name + "=" + value).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(applied.apply(context)).isEqualTo(expected);
		});
		assertThat(output).doesNotContain("'" + deprecatedName + "'");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("renamedProperties")
	void stillBindsTheDeprecatedNameWithOneWarning(String deprecatedName, String name, String value, Object expected,
			String[] others, Function<AssertableApplicationContext, Object> applied, CapturedOutput output) {
		this.runner.withPropertyValues(others).withPropertyValues(deprecatedName + "=" + value).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(applied.apply(context)).isEqualTo(expected);
		});
		assertThat(warningsNaming(output, deprecatedName)).singleElement()
			.asString()
			.contains("is deprecated", "use '" + name + "'");
	}

	@ParameterizedTest(name = "{1} over {0}")
	@MethodSource("renamedProperties")
	void prefersTheNewNameWhenBothAreSetWithOneWarning(String deprecatedName, String name, String value,
			Object expected, String[] others, Function<AssertableApplicationContext, Object> applied,
			CapturedOutput output) {
		this.runner.withPropertyValues(others)
			.withPropertyValues(deprecatedName + "=" + otherThan(value), name + "=" + value)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(applied.apply(context)).isEqualTo(expected);
			});
		assertThat(warningsNaming(output, deprecatedName)).singleElement()
			.asString()
			.contains("Ignoring deprecated", "'" + name + "' is set too");
	}

	@Test
	void warnsOnlyThatTheDeprecatedNameIsDeprecatedWhenBothNamesHoldTheSameValue(CapturedOutput output) {
		// As spring-boot-properties-migrator does with each deprecated key it finds.
		this.runner.withPropertyValues("jobs.heartbeat-interval=2s", "jobs.node.heartbeat-interval=2s")
			.run((context) -> assertThat(maintenance(context).heartbeat().interval()).isEqualTo(Duration.ofSeconds(2)));
		assertThat(warningsNaming(output, "jobs.heartbeat-interval")).singleElement()
			.asString()
			.contains("is deprecated")
			.doesNotContain("Ignoring");
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("renamedDurations")
	void failsOnAMalformedValueUnderTheNewNameNamingIt(String deprecatedName, String name, String value,
			Object expected, String[] others, Function<AssertableApplicationContext, Object> applied) {
		this.runner.withPropertyValues(others)
			.withPropertyValues(name + "=soon")
			.run(failure(BindException.class, (ex) -> assertThat(ex.getProperty().getName()).hasToString(name)));
	}

	@Test
	void failsOnAnInvalidValueUnderADeprecatedNameNamingThatName() {
		assertInvalid("jobs.heartbeat-interval", "must be a positive duration", "jobs.heartbeat-interval=0s");
	}

	@Test
	void failsOnANodeExpiryShorterThanTwoHeartbeatsNamingTheDeprecatedNamesSet() {
		assertInvalid("jobs.rescue.node-expiry", "must be at least twice jobs.heartbeat-interval",
				"jobs.heartbeat-interval=10s", "jobs.rescue.node-expiry=15s");
	}

	/**
	 * Each renamed property: its deprecated name, its name, a value other than the
	 * default, what the engine then gets, other properties the case needs, and where to
	 * read what the engine got.
	 */
	static Stream<Arguments> renamedProperties() {
		return Stream.of(
				renamed("jobs.node-id", "jobs.node.id", "node-7", "node-7",
						(context) -> context.getBean(Supervisor.class).nodeId()),
				renamed("jobs.heartbeat-interval", "jobs.node.heartbeat-interval", "2s", Duration.ofSeconds(2),
						(context) -> maintenance(context).heartbeat().interval()),
				renamed("jobs.rescue.node-expiry", "jobs.node.expiry", "2m", Duration.ofMinutes(2),
						(context) -> maintenance(context).rescuer().nodeExpiry()),
				renamed("jobs.leader-ttl", "jobs.leader.ttl", "45s", Duration.ofSeconds(45),
						(context) -> maintenance(context).leader().ttl()),
				renamed("jobs.stage-interval", "jobs.stager.interval", "250ms", Duration.ofMillis(250),
						(context) -> maintenance(context).stager().interval()),
				renamed("jobs.retention.interval", "jobs.pruner.interval", "5m", Duration.ofMinutes(5),
						(context) -> maintenance(context).pruner().interval()),
				renamed("jobs.retry.base", "jobs.retry.delay", "3s", Duration.ofSeconds(3),
						(context) -> settings(context).retryPolicy().backoff(4), "jobs.retry.policy=constant"),
				renamed("jobs.retry.max", "jobs.retry.max-delay", "90s", Duration.ofSeconds(90),
						(context) -> settings(context).retryPolicy().backoff(1_000), "jobs.retry.policy=linear"));
	}

	static Stream<Arguments> renamedDurations() {
		return renamedProperties().filter((arguments) -> arguments.get()[3] instanceof Duration);
	}

	private static Arguments renamed(String deprecatedName, String name, String value, Object expected,
			Function<AssertableApplicationContext, Object> applied, String... others) {
		return Arguments.of(deprecatedName, name, value, expected, others, applied);
	}

	private static JobsSettings settings(AssertableApplicationContext context) {
		return new JobsSettings(context.getBean(JobsProperties.class));
	}

	private static JobsSettings.Maintenance maintenance(AssertableApplicationContext context) {
		return settings(context).maintenance();
	}

	/**
	 * A valid value that differs from the given one: a longer duration, or another name.
	 */
	private static String otherThan(String value) {
		return Character.isDigit(value.charAt(0)) ? "1" + value : value + "-old";
	}

	private static List<String> warningsNaming(CapturedOutput output, String property) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains(" WARN "))
			.filter((line) -> line.contains("'" + property + "'"))
			.toList();
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
