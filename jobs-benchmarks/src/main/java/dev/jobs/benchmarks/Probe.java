package dev.jobs.benchmarks;

/**
 * A benchmark job's args: when it was enqueued, on this JVM's {@link System#nanoTime()}
 * clock, so that latency is measured on one monotonic clock.
 *
 * @param t the enqueue time in nanoseconds, or 0 when the scenario does not time it
 */
record Probe(long t) {

	static final String KIND = "probe";

	static final String QUEUE = "bench";

	static final String UNTIMED_JSON = "{\"t\":0}";

}
