package dev.jobs.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LatenciesTest {

	@Test
	void takesTheNearestRank() {
		Latencies latencies = new Latencies(4);
		for (int ms = 100; ms >= 1; ms--) {
			latencies.record(ms * 1_000_000L);
		}
		assertThat(latencies.count()).isEqualTo(100);
		assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
		assertThat(latencies.percentileMillis(95)).isEqualTo(95.0);
		assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
		assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
	}

	@Test
	void givesTheOnlySampleForEveryPercentile() {
		Latencies latencies = new Latencies(1);
		latencies.record(1_500_000);
		assertThat(latencies.percentileMillis(1)).isEqualTo(1.5);
		assertThat(latencies.percentileMillis(99)).isEqualTo(1.5);
	}

	@Test
	void hasNoPercentileWithoutSamples() {
		assertThat(new Latencies(0).percentileMillis(50)).isNaN();
	}

	@Test
	void rejectsPercentsOutsideTheRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Latencies(1).percentileMillis(0))
			.withMessageContaining("(0, 100]");
	}

}
