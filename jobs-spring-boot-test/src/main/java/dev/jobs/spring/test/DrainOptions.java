package dev.jobs.spring.test;

import java.util.List;
import java.util.Objects;

/**
 * What {@link JobsTestHelper#drain(DrainOptions)} runs: which queues, whether it moves
 * the test clock so that scheduled and retryable jobs come due, and the most attempts it
 * runs before it fails as an endless loop.
 *
 * @param queues the queues, or empty for every queue
 * @param scheduled whether to move the clock to the next scheduled or retryable job
 * whenever nothing else is available
 * @param limit the most attempts; {@code 0} for the {@code jobs.test.drain-limit} default
 */
public record DrainOptions(List<String> queues, boolean scheduled, int limit) {

	public DrainOptions {
		queues = List.copyOf(queues);
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative, but was " + limit);
		}
	}

	/**
	 * Every queue, jobs due now only, the default limit.
	 * @return the options
	 */
	public static DrainOptions all() {
		return new DrainOptions(List.of(), false, 0);
	}

	/**
	 * Some queues, jobs due now only, the default limit.
	 * @param queues the queues
	 * @return the options
	 */
	public static DrainOptions queues(String... queues) {
		return new DrainOptions(List.of(queues), false, 0);
	}

	/**
	 * These options, moving the clock forward whenever only scheduled or retryable jobs
	 * are left, until none is.
	 * @return the options
	 */
	public DrainOptions withScheduled() {
		return new DrainOptions(this.queues, true, this.limit);
	}

	/**
	 * These options with another limit.
	 * @param limit the most attempts to run
	 * @return the options
	 */
	public DrainOptions limit(int limit) {
		return new DrainOptions(this.queues, this.scheduled, limit);
	}

	boolean includes(String queue) {
		Objects.requireNonNull(queue, "queue must not be null");
		return this.queues.isEmpty() || this.queues.contains(queue);
	}

}
