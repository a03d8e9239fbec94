package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogSamplerTest {

	@Test
	void reportsTheHighestBacklogAndHowOftenItNearedTheBound() throws InterruptedException {
		AtomicInteger reads = new AtomicInteger();
		// Every other read near the bound.
		BacklogSampler sampler = new BacklogSampler(() -> (reads.getAndIncrement() % 2 == 0) ? 9_500 : 100, 10_000);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (reads.get() < 10) {
			assertThat(System.nanoTime()).as("ten samples within 30 s").isLessThan(deadline);
			LockSupport.parkNanos(1_000_000);
		}
		sampler.close();
		int samples = reads.get();

		assertThat(sampler.note()).isEqualTo(String.format(Locale.ROOT,
				"outcomes waiting to be written: at most 9500 of 10000, within a tenth of the bound in %.1f%% "
						+ "of 5 ms samples",
				100.0 * ((samples + 1) / 2) / samples));
	}

}
