package dev.jobs.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SteadySharesTest {

	@Test
	void latencyIsMeasuredAtFourFifthsOfTheFlatRateUnlessOtherSharesAreAskedFor() {
		assertThat(SteadyStateBenchmark.shares(null)).containsExactly(0.8);
		assertThat(SteadyStateBenchmark.shares(" ")).containsExactly(0.8);
		assertThat(SteadyStateBenchmark.shares("0.5, 0.65,0.8")).isEqualTo(List.of(0.5, 0.65, 0.8));
	}

	@Test
	void aShareOutsideZeroToOneIsRefusedWithWhatWasWrong() {
		for (String shares : new String[] { "0", "1.2", "half", "0.5,,0.8", "-0.1" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> SteadyStateBenchmark.shares(shares))
				.withMessageContaining("-Djobs.bench.steady.shares takes shares above 0 and at most 1");
		}
	}

}
