package dev.jobs.limit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateLimitTest {

	@Test
	void parsesACountAndAPeriod() {
		assertThat(RateLimit.parse("100/1m")).isEqualTo(RateLimit.of(100, Duration.ofMinutes(1)));
		assertThat(RateLimit.parse("5/s")).isEqualTo(RateLimit.of(5, Duration.ofSeconds(1)));
		assertThat(RateLimit.parse(" 1000 / 500ms ")).isEqualTo(RateLimit.of(1000, Duration.ofMillis(500)));
		assertThat(RateLimit.parse("2/3h")).isEqualTo(RateLimit.of(2, Duration.ofHours(3)));
		assertThat(RateLimit.parse("1/1d")).isEqualTo(RateLimit.of(1, Duration.ofDays(1)));
	}

	@Test
	void printsAsItParses() {
		assertThat(RateLimit.of(100, Duration.ofMinutes(1))).hasToString("100/1m");
		assertThat(RateLimit.of(3, Duration.ofMillis(1500))).hasToString("3/1500ms");
	}

	@Test
	void rejectsWhatIsNotARate() {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("10/xyz"))
			.withMessageContaining("'10/xyz' is not a rate")
			.withMessageContaining("'100/1m'");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("10"));
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("0/1s"))
			.withMessageContaining("count must be at least 1, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("1/0s"))
			.withMessageContaining("period must be at least 1ms");
	}

}
