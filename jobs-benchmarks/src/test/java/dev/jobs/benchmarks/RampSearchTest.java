package dev.jobs.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RampSearchTest {

	private static final int FIRST = 1_000;

	private static final int MAX = 1_024_000;

	@Test
	void doublesWhileFlatThenHalvesTheGapTwice() {
		assertThat(search(MAX, (rate) -> rate <= 20_000, (rate) -> true))
			.isEqualTo(new Searched(List.of(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 24_000, 20_000), 20_000,
					"backlog grew at 24000 jobs/s"));
	}

	@Test
	void aStepFallenBehindBoundsTheRateEvenWhenNotOfferedInFull() {
		assertThat(search(MAX, (rate) -> rate <= 24_000, (rate) -> rate < 32_000))
			.isEqualTo(new Searched(List.of(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 24_000, 28_000), 24_000,
					"backlog grew at 28000 jobs/s"));
	}

	@Test
	void stopsWhenTheConsumerKeptUpWithAllTheEnqueuingSideCouldOffer() {
		assertThat(search(MAX, (rate) -> true, (rate) -> rate < 64_000))
			.isEqualTo(new Searched(List.of(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000), 32_000,
					"enqueue side could not offer 64000 jobs/s; the consumer kept up with all it got"));
	}

	@Test
	void aBisectionOfferedShortCountsAsNotFlat() {
		assertThat(search(MAX, (rate) -> rate <= 16_000 || rate == 24_000, (rate) -> rate != 24_000))
			.isEqualTo(new Searched(List.of(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 24_000, 20_000), 16_000,
					"backlog grew at 20000 jobs/s"));
	}

	@Test
	void endsAtOnceWhenTheFirstStepIsNotFlat() {
		assertThat(search(MAX, (rate) -> false, (rate) -> true))
			.isEqualTo(new Searched(List.of(1_000), 0, "backlog grew at 1000 jobs/s"));
	}

	@Test
	void endsAtTheHighestRateWhenEveryStepIsFlat() {
		assertThat(search(4_000, (rate) -> true, (rate) -> true))
			.isEqualTo(new Searched(List.of(1_000, 2_000, 4_000), 4_000, ""));
	}

	private static Searched search(int max, IntPredicate keptUp, IntPredicate offeredInFull) {
		RampSearch search = new RampSearch(FIRST, max);
		List<Integer> tried = new ArrayList<>();
		for (OptionalInt rate = search.next(); rate.isPresent(); rate = search.next()) {
			assertThat(tried).as("steps").hasSizeLessThan(20);
			tried.add(rate.getAsInt());
			search.stepped(keptUp.test(rate.getAsInt()), offeredInFull.test(rate.getAsInt()));
		}
		return new Searched(tried, search.flat(), search.note());
	}

	private record Searched(List<Integer> tried, int flat, String note) {
	}

}
