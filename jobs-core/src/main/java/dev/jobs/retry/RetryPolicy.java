package dev.jobs.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

import dev.jobs.internal.Require;

/**
 * How long a failed job waits before its next attempt. Implement it for a custom policy
 * (it is a functional interface), or use one of the factories.
 */
@FunctionalInterface
public interface RetryPolicy {

	/** First delay of the default exponential policy. */
	Duration DEFAULT_BASE = Duration.ofSeconds(1);

	/** Longest delay of the default exponential policy. */
	Duration DEFAULT_MAX = Duration.ofHours(1);

	/**
	 * Spread of the default exponential policy's jitter: each delay varies by up to this
	 * fraction either way.
	 */
	double DEFAULT_JITTER = 0.2;

	/**
	 * The delay before the next attempt.
	 * @param attempt the attempt that just failed, from 1
	 * @return the delay, zero or more
	 */
	Duration backoff(int attempt);

	/**
	 * The default policy: exponential from 1 s, doubling, at most 1 h, with 20% jitter.
	 * @return the policy
	 */
	static RetryPolicy defaultPolicy() {
		return exponential(DEFAULT_BASE, DEFAULT_MAX, DEFAULT_JITTER);
	}

	/**
	 * Exponential backoff with jitter: {@code base * 2^(attempt-1)}, capped at
	 * {@code max}, then varied by up to {@code jitter} either way so that jobs that
	 * failed together do not retry together.
	 * @param base the first delay
	 * @param max the longest delay
	 * @param jitter the fraction, 0 to 1
	 * @return the policy
	 */
	static RetryPolicy exponential(Duration base, Duration max, double jitter) {
		return new ExponentialRetryPolicy(base, max, jitter, RandomGenerator.getDefault());
	}

	/**
	 * Exponential backoff with jitter drawn from a given source (for tests).
	 * @param base the first delay
	 * @param max the longest delay
	 * @param jitter the fraction, 0 to 1
	 * @param random where the jitter comes from
	 * @return the policy
	 */
	static RetryPolicy exponential(Duration base, Duration max, double jitter, RandomGenerator random) {
		return new ExponentialRetryPolicy(base, max, jitter, random);
	}

	/**
	 * Linear backoff: {@code step * attempt}, capped at {@code max}.
	 * @param step the growth per attempt
	 * @param max the longest delay
	 * @return the policy
	 */
	static RetryPolicy linear(Duration step, Duration max) {
		Require.positive(step, "step");
		Require.positive(max, "max");
		return (attempt) -> {
			Duration delay = step.multipliedBy(Math.max(1, attempt));
			return (delay.compareTo(max) > 0) ? max : delay;
		};
	}

	/**
	 * The same delay after every failure.
	 * @param delay the delay, zero or more
	 * @return the policy
	 */
	static RetryPolicy constant(Duration delay) {
		Objects.requireNonNull(delay, "delay must not be null");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative, but was " + delay);
		}
		return (attempt) -> delay;
	}

}
