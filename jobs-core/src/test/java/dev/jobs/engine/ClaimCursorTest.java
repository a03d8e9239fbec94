package dev.jobs.engine;

import java.time.Instant;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.ClaimPosition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where claims begin on a store that claims after a position: after the last job claimed,
 * and from the head of the queue at least every {@link ClaimCursor#WHOLE_QUEUE_INTERVAL}.
 */
class ClaimCursorTest {

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private static final long INTERVAL = ClaimCursor.WHOLE_QUEUE_INTERVAL.toNanos();

	private final ClaimCursor cursor = new ClaimCursor();

	@Test
	void theFirstClaimBeginsAtTheHead() {
		assertThat(this.cursor.next(0)).isNull();
	}

	@Test
	void claimsBeginAfterTheLastJobClaimedUntilTheIntervalEnds() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(3, 0, 2), job(1, 0, 1)), true, null, 0, 0);

		assertThat(this.cursor.next(INTERVAL - 1)).isEqualTo(new ClaimPosition(0, T0.plusSeconds(2), 3));
		assertThat(this.cursor.next(INTERVAL)).isNull();
	}

	@Test
	void thePositionIsTheLastJobOfThePriorityMostOfTheClaimHad() {
		this.cursor.next(0);
		// Higher priorities come first, then earlier times, then lower ids.
		this.cursor.claimed(List.of(job(1, 0, 5), job(2, 5, 9), job(3, 0, 5), job(4, -1, 0)), true, null, 0, 0);

		assertThat(this.cursor.next(1)).isEqualTo(new ClaimPosition(0, T0.plusSeconds(5), 3));
	}

	@Test
	void ofTwoPrioritiesAsCommonThePositionFollowsTheLaterInClaimOrder() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(1, 5, 1), job(2, 0, 1)), true, null, 0, 0);

		assertThat(this.cursor.next(1)).isEqualTo(new ClaimPosition(0, T0.plusSeconds(1), 2));
	}

	@Test
	void aFullClaimFromTheHeadOfJobsBeforeThePositionIsFollowedByAnother() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(9, 0, 9)), true, null, 0, 0);
		this.cursor.next(INTERVAL);
		// Jobs that became available before the position, as many as asked for: more
		// such jobs may wait, so the next claim begins at the head too.
		this.cursor.claimed(List.of(job(3, 0, 3), job(4, 0, 4)), true, null, INTERVAL, INTERVAL);
		assertThat(this.cursor.next(INTERVAL + 1)).isNull();
		this.cursor.claimed(List.of(job(5, 0, 5)), false, null, INTERVAL + 1, INTERVAL + 1);

		assertThat(this.cursor.next(INTERVAL + 2)).isEqualTo(new ClaimPosition(0, T0.plusSeconds(9), 9));
	}

	@Test
	void withinAPriorityThePositionOnlyMovesForward() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(9, 0, 9)), false, null, 0, 0);
		this.cursor.next(INTERVAL);
		this.cursor.claimed(List.of(job(3, 0, 3)), false, null, INTERVAL, INTERVAL);

		assertThat(this.cursor.next(INTERVAL + 1)).isEqualTo(new ClaimPosition(0, T0.plusSeconds(9), 9));
	}

	@Test
	void aClaimOfAnotherPriorityMovesThePositionToIt() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(1, -1, 1)), false, null, 0, 0);
		this.cursor.next(INTERVAL);
		this.cursor.claimed(List.of(job(2, 0, 0), job(3, 0, 2)), false, null, INTERVAL, INTERVAL);

		assertThat(this.cursor.next(INTERVAL + 1)).isEqualTo(new ClaimPosition(0, T0.plusSeconds(2), 3));
	}

	@Test
	void anEmptyClaimKeepsThePosition() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(1, 0, 1)), false, null, 0, 0);
		ClaimPosition after = this.cursor.next(1);
		this.cursor.claimed(List.of(), false, after, 1, 1);

		assertThat(this.cursor.next(2)).isEqualTo(new ClaimPosition(0, T0.plusSeconds(1), 1));
	}

	@Test
	void aShortClaimAfterAPositionOwesAClaimFromTheHeadByTheIntervalsEnd() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(1, 0, 1)), false, null, 0, 0);
		ClaimPosition after = this.cursor.next(INTERVAL / 5);

		assertThat(this.cursor.claimed(List.of(), false, after, INTERVAL / 5, INTERVAL / 5))
			.isEqualTo(INTERVAL - INTERVAL / 5);
		assertThat(this.cursor.next(INTERVAL)).isNull();
	}

	@Test
	void aSlowClaimFromTheHeadSpacesTheNextOut() {
		long slow = 15_000_000L;
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(1, 0, 1)), false, null, 0, slow);
		long next = ClaimCursor.HEAD_SHARE * slow;

		assertThat(this.cursor.next(next - 1)).isNotNull();
		assertThat(this.cursor.claimed(List.of(), false, this.cursor.next(next - 1), next - 1, next - 1)).isEqualTo(1);
		assertThat(this.cursor.next(next)).isNull();
	}

	@Test
	void anySlowClaimFromTheHeadIsFollowedByAnotherWithinTheLongestInterval() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(1, 0, 1)), false, null, 0, 5_000_000_000L);

		assertThat(this.cursor.next(ClaimCursor.MAX_INTERVAL.toNanos() - 1)).isNotNull();
		assertThat(this.cursor.next(ClaimCursor.MAX_INTERVAL.toNanos())).isNull();
	}

	@Test
	void aQuickClaimFromTheHeadBringsTheIntervalBack() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(1, 0, 1)), false, null, 0, INTERVAL);
		long next = ClaimCursor.HEAD_SHARE * INTERVAL;
		assertThat(this.cursor.next(next)).isNull();
		this.cursor.claimed(List.of(), false, null, next, next + 1);

		assertThat(this.cursor.next(next + INTERVAL - 1)).isNotNull();
		assertThat(this.cursor.next(next + INTERVAL)).isNull();
	}

	@Test
	void fullClaimsAndClaimsFromTheHeadOweNone() {
		this.cursor.next(0);
		assertThat(this.cursor.claimed(List.of(job(1, 0, 1)), false, null, 0, 0)).isEqualTo(-1);
		ClaimPosition after = this.cursor.next(1);
		assertThat(this.cursor.claimed(List.of(job(2, 0, 2)), true, after, 1, 1)).isEqualTo(-1);
	}

	@Test
	void anEmptyClaimFromTheHeadKeepsThePosition() {
		this.cursor.next(0);
		this.cursor.claimed(List.of(job(1, 0, 1)), false, null, 0, 0);
		this.cursor.next(INTERVAL);
		this.cursor.claimed(List.of(), false, null, INTERVAL, INTERVAL);

		assertThat(this.cursor.next(INTERVAL + 1)).isEqualTo(new ClaimPosition(0, T0.plusSeconds(1), 1));
	}

	private static Job job(long id, int priority, int second) {
		Instant at = T0.plusSeconds(second);
		return new Job(id, "default", "work", "{}", JobState.EXECUTING, priority, 1, 20, at, at, at, "node", null,
				List.of(), null, null, false);
	}

}
