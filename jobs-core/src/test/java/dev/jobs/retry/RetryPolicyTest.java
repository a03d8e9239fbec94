package dev.jobs.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryPolicyTest {

	@Test
	void exponentialDoublesFromTheBaseUpToTheMax() {
		RetryPolicy policy = RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 0);

		assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(policy.backoff(5)).isEqualTo(Duration.ofSeconds(16));
		assertThat(policy.backoff(6)).isEqualTo(Duration.ofSeconds(30));
		assertThat(policy.backoff(1_000)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void jitterVariesTheDelayWithinItsFraction() {
		RandomGenerator lowest = fixed(0.0);
		RandomGenerator highest = fixed(0.999_999);

		assertThat(RetryPolicy.exponential(Duration.ofSeconds(10), Duration.ofHours(1), 0.2, lowest).backoff(1))
			.isEqualTo(Duration.ofSeconds(8));
		assertThat(RetryPolicy.exponential(Duration.ofSeconds(10), Duration.ofHours(1), 0.2, highest).backoff(1))
			.isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
	}

	@Test
	void defaultPolicyIsExponentialWithJitter() {
		RetryPolicy policy = RetryPolicy.defaultPolicy();

		for (int attempt = 1; attempt <= 25; attempt++) {
			Duration expected = Duration.ofSeconds(Math.min(1L << Math.min(attempt - 1, 20), 3600));
			assertThat(policy.backoff(attempt)).isBetween(multiply(expected, 0.8), multiply(expected, 1.2));
		}
	}

	@Test
	void linearGrowsByItsStepUpToTheMax() {
		RetryPolicy policy = RetryPolicy.linear(Duration.ofSeconds(5), Duration.ofSeconds(12));

		assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(10));
		assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(12));
	}

	@Test
	void constantAlwaysWaitsTheSame() {
		assertThat(RetryPolicy.constant(Duration.ofSeconds(3)).backoff(7)).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void customPolicyIsALambda() {
		RetryPolicy policy = (attempt) -> Duration.ofMinutes(attempt * attempt);

		assertThat(policy.backoff(3)).isEqualTo(Duration.ofMinutes(9));
	}

	@Test
	void badSettingsAreRejectedByName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RetryPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1), 0.1))
			.withMessageContaining("base must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.1))
			.withMessageContaining("max (PT1S) must not be less than base (PT2S)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5))
			.withMessageContaining("jitter must be between 0 and 1");
		assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.constant(Duration.ofSeconds(-1)))
			.withMessageContaining("delay must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.linear(Duration.ZERO, Duration.ofSeconds(1)))
			.withMessageContaining("step must be a positive duration");
	}

	private static Duration multiply(Duration duration, double factor) {
		return Duration.ofMillis(Math.round(duration.toMillis() * factor));
	}

	private static RandomGenerator fixed(double value) {
		return new RandomGenerator() {
			@Override
			public long nextLong() {
				return 0;
			}

			@Override
			public double nextDouble() {
				return value;
			}
		};
	}

}
