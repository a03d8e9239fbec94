package dev.jobs.store;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimPositionTest {

	private static final Instant DUE = Instant.parse("2026-12-01T00:00:00Z");

	@Test
	void claimOrderIsHigherPriorityThenEarlierDueThenLowerId() {
		ClaimPosition high = new ClaimPosition(5, DUE.plusSeconds(60), 9);
		ClaimPosition earlier = new ClaimPosition(0, DUE, 7);
		ClaimPosition lowerId = new ClaimPosition(0, DUE.plusSeconds(1), 3);
		ClaimPosition higherId = new ClaimPosition(0, DUE.plusSeconds(1), 4);

		assertThat(Stream.of(higherId, lowerId, earlier, high).sorted()).containsExactly(high, earlier, lowerId,
				higherId);
	}

	@Test
	void theLowestPriorityComesLastEvenAtTheEndOfTheIntRange() {
		ClaimPosition lowest = new ClaimPosition(Integer.MIN_VALUE, DUE, 1);
		ClaimPosition highest = new ClaimPosition(Integer.MAX_VALUE, DUE, 2);
		ClaimPosition usual = new ClaimPosition(0, DUE, 3);

		assertThat(lowest).isGreaterThan(usual);
		assertThat(highest).isLessThan(usual);
	}

}
