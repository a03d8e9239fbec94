package dev.jobs.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RatiosTest {

	@Test
	void theMedianPairIsTheMiddleRatioWhereverItRan() {
		assertThat(Ratios.medianIndex(new double[] { 1.11, 0.86, 0.80 })).isEqualTo(1);
		assertThat(Ratios.medianIndex(new double[] { 1.20, 0.79, 1.05 })).isEqualTo(2);
		assertThat(Ratios.medianIndex(new double[] { 0.5 })).isZero();
	}

	@Test
	void ratiosAreListedToTwoDecimals() {
		assertThat(Ratios.format(new double[] { 1.1049, 0.8, 0.79501 })).isEqualTo("[1.10, 0.80, 0.80]");
	}

}
