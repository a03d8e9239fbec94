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
	void thePriorityWithoutANegationIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("kind", null).priority(Integer.MIN_VALUE))
			.withMessageStartingWith(
					"priority must be at least -Integer.MAX_VALUE (-2147483647), but was " + "Integer.MIN_VALUE");
		assertThat(JobRequest.of("kind", null).priority(-Integer.MAX_VALUE).priority()).isEqualTo(-Integer.MAX_VALUE);
		assertThat(JobRequest.of("kind", null).priority(Integer.MAX_VALUE).priority()).isEqualTo(Integer.MAX_VALUE);
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

	@Test
	void tagsKeepTheirOrderWithoutRepeats() {
		JobRequest request = JobRequest.of("kind", null).tags("tenant:42", "import", "tenant:42");
		assertThat(request.tags()).containsExactly("tenant:42", "import");
		assertThat(request.queue("q").tags()).containsExactly("tenant:42", "import");
		assertThat(JobRequest.of("kind", null).tags()).isEmpty();
	}

	@Test
	void badTagsAreRejectedWithTheTagNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("kind", null).tags("ok", " "))
			.withMessageContaining("A tag must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("kind", null).tags("x".repeat(101)))
			.withMessageContaining("at most 100 characters");
		String[] many = new String[17];
		for (int i = 0; i < many.length; i++) {
			many[i] = "t" + i;
		}
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of("kind", null).tags(many))
			.withMessageContaining("at most 16 tags");
	}

}
