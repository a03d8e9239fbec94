package dev.jobs.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimGapsTest {

	private static final long MS = 1_000_000;

	@Test
	void aGapWithAJobWaitingThroughItCounts() {
		ClaimGaps gaps = ClaimGaps.of(List.of(claim(0, 5, 0), claim(6, 10, 5), claim(90, 95, 8), claim(96, 99, 94)));

		assertThat(gaps).isEqualTo(new ClaimGaps(1, 80 * MS));
	}

	@Test
	void anIdleGapWithNoJobWaitingDoesNotCount() {
		ClaimGaps gaps = ClaimGaps.of(List.of(claim(0, 5, 0), claim(90, 95, 89)));

		assertThat(gaps).isEqualTo(new ClaimGaps(0, 0));
	}

	@Test
	void aGapIsMeasuredFromTheLatestReturnOfClaimsInFlightTogether() {
		// The second claim went out while the first was in flight, and returned first.
		ClaimGaps gaps = ClaimGaps.of(List.of(claim(0, 50, 0), claim(2, 5, 1), claim(75, 80, 10)));

		assertThat(gaps).as("25 ms after the last return, under the threshold").isEqualTo(new ClaimGaps(0, 0));
		assertThat(ClaimGaps.of(List.of(claim(90, 95, 10), claim(0, 50, 0), claim(2, 5, 1)))).as("in any order")
			.isEqualTo(new ClaimGaps(1, 40 * MS));
	}

	private static long[] claim(long sentMs, long returnedMs, long earliestCommitMs) {
		return new long[] { sentMs * MS, returnedMs * MS, earliestCommitMs * MS };
	}

}
