package dev.jobs;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Requests reject bad options when they are built, naming the option.
 */
class JobRequestTest {

	@Test
	void blankOrNullKindIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of(" ", null))
			.withMessage("kind must not be null or blank, but was ' '");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of(null, null))
			.withMessage("kind must not be null or blank, but was null");
	}

	@Test
	void blankQueueIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("kind", null).queue(""))
			.withMessage("queue must not be null or blank, but was ''");
	}

	@Test
	void maxAttemptsBelowOneIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("kind", null).maxAttempts(0))
			.withMessage("maxAttempts must be at least 1, but was 0");
	}

	@Test
	void negativeDelayAndNonPositiveTimeoutAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("kind", null).delay(Duration.ofSeconds(-1)))
			.withMessageContaining("delay must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("kind", null).timeout(Duration.ZERO))
			.withMessageContaining("timeout must be positive");
	}

	@Test
	void runAtAndDelayReplaceEachOther() {
		Instant at = Instant.parse("2026-01-01T00:00:00Z");

		JobRequest request = JobRequest.of("kind", null).delay(Duration.ofSeconds(5)).runAt(at);

		assertThat(request.runAt()).isEqualTo(at);
		assertThat(request.delay()).isNull();
		assertThat(request.delay(Duration.ofSeconds(1)).runAt()).isNull();
	}

	@Test
	void blankUniqueKeyIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("kind", null).unique(" "))
			.withMessageContaining("uniqueKey must not be blank");
	}

}
