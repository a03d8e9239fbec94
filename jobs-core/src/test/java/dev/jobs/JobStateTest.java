package dev.jobs;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The stored state codes. Every job row ever written holds one, so a changed code would
 * silently turn old rows into other states: never edit this test to follow a code change.
 */
class JobStateTest {

	@Test
	void storedCodesNeverChange() {
		assertThat(JobState.AVAILABLE.code()).isEqualTo(0);
		assertThat(JobState.EXECUTING.code()).isEqualTo(1);
		assertThat(JobState.COMPLETED.code()).isEqualTo(2);
		assertThat(JobState.RETRYABLE.code()).isEqualTo(3);
		assertThat(JobState.DISCARDED.code()).isEqualTo(4);
		assertThat(JobState.CANCELLED.code()).isEqualTo(5);
		assertThat(JobState.SCHEDULED.code()).isEqualTo(6);
		assertThat(JobState.PENDING.code()).isEqualTo(7);
		assertThat(JobState.values()).as("a new state needs a new code, pinned here").hasSize(8);
	}

	@Test
	void codesAreUnique() {
		assertThat(Arrays.stream(JobState.values()).map(JobState::code)).doesNotHaveDuplicates();
	}

	@Test
	void everyStateIsFoundByItsCode() {
		for (JobState state : JobState.values()) {
			assertThat(JobState.fromCode(state.code())).isSameAs(state);
		}
	}

	@Test
	void unknownCodesAreRejectedWithTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobState.fromCode(8))
			.withMessageStartingWith("Unknown job state code 8; known codes: [0 AVAILABLE, 1 EXECUTING,")
			.withMessageContaining("7 PENDING]");
		assertThatIllegalArgumentException().isThrownBy(() -> JobState.fromCode(-1))
			.withMessageStartingWith("Unknown job state code -1;");
	}

}
