package dev.jobs.jdbc;

import org.junit.jupiter.api.Test;

import static dev.jobs.JobState.AVAILABLE;
import static dev.jobs.JobState.CANCELLED;
import static dev.jobs.JobState.COMPLETED;
import static dev.jobs.JobState.DISCARDED;
import static dev.jobs.JobState.EXECUTING;
import static dev.jobs.JobState.RETRYABLE;
import static dev.jobs.JobState.SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The state conditions are the SQL the statements were written with before, so plans and
 * partial index matches stay as they were.
 */
class StateSqlTest {

	@Test
	void isComparesTheStateColumnWithTheCode() {
		assertThat(StateSql.is(EXECUTING)).isEqualTo("state = 1");
		assertThat(StateSql.is("j.state", EXECUTING)).isEqualTo("j.state = 1");
	}

	@Test
	void inListsTheCodesInIncreasingOrder() {
		assertThat(StateSql.in(SCHEDULED, AVAILABLE, RETRYABLE)).isEqualTo("state IN (0, 3, 6)");
		assertThat(StateSql.in("c.state", CANCELLED, COMPLETED, DISCARDED)).isEqualTo("c.state IN (2, 4, 5)");
	}

	@Test
	void inNamesEachStateOnce() {
		assertThat(StateSql.in(RETRYABLE, SCHEDULED, RETRYABLE)).isEqualTo("state IN (3, 6)");
	}

	@Test
	void inRejectsAnEmptyList() {
		assertThatIllegalArgumentException().isThrownBy(() -> StateSql.in("h.state"))
			.withMessage("No states for h.state IN (...): name at least one");
	}

}
