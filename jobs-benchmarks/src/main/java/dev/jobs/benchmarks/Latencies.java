package dev.jobs.benchmarks;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds, and their percentiles. Thread-safe; sized up front so
 * that recording never allocates while a scenario runs.
 */
final class Latencies {

	private long[] samples;

	private int count;

	Latencies(int expected) {
		this.samples = new long[Math.max(16, expected)];
	}

	synchronized void record(long nanos) {
		if (this.count == this.samples.length) {
			this.samples = Arrays.copyOf(this.samples, this.samples.length * 2);
		}
		this.samples[this.count++] = nanos;
	}

	synchronized int count() {
		return this.count;
	}

	synchronized void clear() {
		this.count = 0;
	}

	/**
	 * The nearest-rank percentile: the smallest sample that at least {@code percent} of
	 * the samples do not exceed.
	 * @param percent from 0 (exclusive) to 100
	 * @return the percentile in milliseconds, or NaN without samples
	 */
	synchronized double percentileMillis(double percent) {
		if (percent <= 0 || percent > 100) {
			throw new IllegalArgumentException("percent must be in (0, 100], but was " + percent);
		}
		if (this.count == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(this.samples, this.count);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(rank, 1) - 1] / 1_000_000.0;
	}

}
