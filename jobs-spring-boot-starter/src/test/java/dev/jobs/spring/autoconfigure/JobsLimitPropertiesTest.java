package dev.jobs.spring.autoconfigure;

import java.time.Duration;

import dev.jobs.engine.Supervisor;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.LimitUsage;
import dev.jobs.limit.RateLimit;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jobs.limits.*} and {@code jobs.node.concurrency}: bound into the supervisor, and
 * checked at start-up.
 */
class JobsLimitPropertiesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JobsAutoConfiguration.class));

	@Test
	void bindsLimitsByKindAndTheNodeCap() {
		this.runner
			.withPropertyValues("jobs.limits.crm_sync.concurrency-per-key=1", "jobs.limits.crm_sync.concurrency=10",
					"jobs.limits.call_api.rate=100/1m", "jobs.limits.call_api.rate-per-key=5/s",
					"jobs.node.concurrency=32")
			.run((context) -> {
				Supervisor supervisor = context.getBean(Supervisor.class);
				assertThat(JobsLimitSettings.limits(context.getBean(JobsProperties.class).getLimits())).containsExactly(
						JobLimit.of("crm_sync").concurrency(10).concurrencyPerKey(1),
						JobLimit.of("call_api")
							.rate(RateLimit.of(100, Duration.ofMinutes(1)))
							.ratePerKey(RateLimit.of(5, Duration.ofSeconds(1))));
				assertThat(supervisor.limitStatus().nodeConcurrency()).isEqualTo(32);
				assertThat(supervisor.limitStatus().limits()).extracting(LimitUsage::type)
					.containsExactly("rate", "rate-per-key", "concurrency", "concurrency-per-key");
			});
	}

	@Test
	void noLimitsByDefault() {
		this.runner.run((context) -> {
			Supervisor supervisor = context.getBean(Supervisor.class);
			assertThat(supervisor.limitStatus().limits()).isEmpty();
			assertThat(supervisor.limitStatus().nodeConcurrency()).isZero();
		});
	}

	@Test
	void failsOnALimitOfZeroNamingTheProperty() {
		assertInvalid("jobs.limits.crm_sync.concurrency-per-key", "must be at least 1",
				"jobs.limits.crm_sync.concurrency-per-key=0");
		assertInvalid("jobs.limits.crm_sync.concurrency", "must be at least 1", "jobs.limits.crm_sync.concurrency=0");
	}

	@Test
	void failsOnAMalformedRateNamingTheProperty() {
		assertInvalid("jobs.limits.call_api.rate", "'10/xyz' is not a rate", "jobs.limits.call_api.rate=10/xyz");
		assertInvalid("jobs.limits.call_api.rate-per-key", "count must be at least 1",
				"jobs.limits.call_api.rate-per-key=0/1s");
	}

	@Test
	void failsOnANodeCapOfZeroNamingTheProperty() {
		assertInvalid("jobs.node.concurrency", "must be at least 1", "jobs.node.concurrency=0");
	}

	private void assertInvalid(String property, String reason, String... properties) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = context.getStartupFailure();
			while (cause != null && !(cause instanceof InvalidConfigurationPropertyValueException)) {
				cause = cause.getCause();
			}
			assertThat(cause).as("an InvalidConfigurationPropertyValueException").isNotNull();
			InvalidConfigurationPropertyValueException invalid = (InvalidConfigurationPropertyValueException) cause;
			assertThat(invalid.getName()).isEqualTo(property);
			assertThat(invalid.getReason()).contains(reason);
		});
	}

}
