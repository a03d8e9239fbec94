package dev.jobs.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RampSearchTest {

	@Test
	void doublesWhileFlatThenHalvesTheGapTwice() {
		RampSearch search = new RampSearch(1_000, 1_024_000);

		List<Integer> tried = run(search, (rate) -> rate <= 20_000, (rate) -> true);

		assertThat(tried).containsExactly(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 24_000, 20_000);
		assertThat(search.flat()).isEqualTo(20_000);
		assertThat(search.note()).isEqualTo("backlog grew at 24000 jobs/s");
	}

	@Test
	void aStepFallenBehindBoundsTheRateEvenWhenNotOfferedInFull() {
		RampSearch search = new RampSearch(1_000, 1_024_000);

		List<Integer> tried = run(search, (rate) -> rate <= 24_000, (rate) -> rate < 32_000);

		assertThat(tried).containsExactly(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 24_000, 28_000);
		assertThat(search.flat()).isEqualTo(24_000);
		assertThat(search.note()).isEqualTo("backlog grew at 28000 jobs/s");
	}

	@Test
	void stopsWhenTheConsumerKeptUpWithAllTheEnqueuingSideCouldOffer() {
		RampSearch search = new RampSearch(1_000, 1_024_000);

		List<Integer> tried = run(search, (rate) -> true, (rate) -> rate < 64_000);

		assertThat(tried).containsExactly(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000);
		assertThat(search.flat()).isEqualTo(32_000);
		assertThat(search.note()).startsWith("enqueue side could not offer 64000 jobs/s");
	}

	@Test
	void aBisectionOfferedShortCountsAsNotFlat() {
		RampSearch search = new RampSearch(1_000, 1_024_000);

		List<Integer> tried = run(search, (rate) -> rate <= 16_000 || rate == 24_000, (rate) -> rate != 24_000);

		assertThat(tried).containsExactly(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 24_000, 20_000);
		assertThat(search.flat()).isEqualTo(16_000);
	}

	@Test
	void endsAtOnceWhenTheFirstStepIsNotFlat() {
		RampSearch search = new RampSearch(1_000, 1_024_000);

		List<Integer> tried = run(search, (rate) -> false, (rate) -> true);

		assertThat(tried).containsExactly(1_000);
		assertThat(search.flat()).isZero();
		assertThat(search.note()).isEqualTo("backlog grew at 1000 jobs/s");
	}

	@Test
	void endsAtTheHighestRateWhenEveryStepIsFlat() {
		RampSearch search = new RampSearch(1_000, 4_000);

		List<Integer> tried = run(search, (rate) -> true, (rate) -> true);

		assertThat(tried).containsExactly(1_000, 2_000, 4_000);
		assertThat(search.flat()).isEqualTo(4_000);
		assertThat(search.note()).isEmpty();
	}

	private static List<Integer> run(RampSearch search, IntPredicate keptUp, IntPredicate offeredInFull) {
		List<Integer> tried = new ArrayList<>();
		for (OptionalInt rate = search.next(); rate.isPresent(); rate = search.next()) {
			assertThat(tried).as("steps").hasSizeLessThan(20);
			tried.add(rate.getAsInt());
			search.stepped(keptUp.test(rate.getAsInt()), offeredInFull.test(rate.getAsInt()));
		}
		return tried;
	}

}
