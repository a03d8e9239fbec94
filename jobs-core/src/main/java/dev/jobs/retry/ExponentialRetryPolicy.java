package dev.jobs.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff, capped, with symmetric jitter.
 */
final class ExponentialRetryPolicy implements RetryPolicy {

	private final long baseMillis;

	private final long maxMillis;

	private final double jitter;

	private final RandomGenerator random;

	ExponentialRetryPolicy(Duration base, Duration max, double jitter, RandomGenerator random) {
		Objects.requireNonNull(base, "base must not be null");
		Objects.requireNonNull(max, "max must not be null");
		if (base.isZero() || base.isNegative()) {
			throw new IllegalArgumentException("base must be positive, but was " + base);
		}
		if (max.compareTo(base) < 0) {
			throw new IllegalArgumentException("max (" + max + ") must not be less than base (" + base + ")");
		}
		if (jitter < 0 || jitter > 1 || Double.isNaN(jitter)) {
			throw new IllegalArgumentException("jitter must be between 0 and 1, but was " + jitter);
		}
		this.baseMillis = base.toMillis();
		this.maxMillis = max.toMillis();
		this.jitter = jitter;
		this.random = Objects.requireNonNull(random, "random must not be null");
	}

	@Override
	public Duration backoff(int attempt) {
		int doublings = Math.min(Math.max(attempt, 1) - 1, 62);
		long delay = (this.baseMillis > (this.maxMillis >> doublings)) ? this.maxMillis
				: Math.min(this.baseMillis << doublings, this.maxMillis);
		if (this.jitter > 0) {
			double spread = (this.random.nextDouble() * 2 - 1) * this.jitter;
			delay = Math.round(delay * (1 + spread));
		}
		return Duration.ofMillis(Math.max(delay, 0));
	}

	@Override
	public String toString() {
		return "exponential(base=" + this.baseMillis + "ms, max=" + this.maxMillis + "ms, jitter=" + this.jitter + ")";
	}

}
