package dev.jobs.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowWindowsTest {

	private static final long MS = 1_000_000;

	private static final long RUN_START = 7_000 * MS;

	@Test
	void aHalfSecondCountsAsSlowWhenOneOfItsJobsTookOver50Ms() {
		SlowWindows windows = SlowWindows.of(RUN_START,
				List.of(job(10, 2), job(20, 51), job(600, 3), job(1_100, 50), job(1_499, 4), job(1_700, 80)));

		assertThat(windows).as("windows 0 and 3 slow; 50 ms exactly is not over").isEqualTo(new SlowWindows(2, 4));
		assertThat(windows.describe())
			.isEqualTo("jobs over 50 ms to start were stamped in 2 of the run's 4 half-seconds");
	}

	@Test
	void jobsStampedBeforeTheRunAndEmptyHalfSecondsAreLeftOut() {
		SlowWindows windows = SlowWindows.of(RUN_START, List.of(job(-5, 200), job(0, 1), job(2_600, 90)));

		assertThat(windows).isEqualTo(new SlowWindows(1, 2));
		assertThat(SlowWindows.of(RUN_START, List.of())).isEqualTo(new SlowWindows(0, 0));
	}

	private static long[] job(long stampedMsAfterStart, long toStartMs) {
		long stamped = RUN_START + stampedMsAfterStart * MS;
		return new long[] { stamped, stamped + toStartMs * MS };
	}

}
