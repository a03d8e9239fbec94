package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the {@link JobExecutor}.
 *
 * @param defaultTimeout how long one attempt may run if neither job nor handler sets it
 * @param virtualThreads whether to run jobs on virtual threads (used only where the
 * runtime has them)
 * @param maxResultBytes the largest handler result stored, in bytes of UTF-8 JSON; a
 * larger one discards the job with an error that says so
 */
public record ExecutorConfig(Duration defaultTimeout, boolean virtualThreads, int maxResultBytes) {

	public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

	public static final int DEFAULT_MAX_RESULT_BYTES = 64 * 1024;

	public static final ExecutorConfig DEFAULT = new ExecutorConfig(DEFAULT_TIMEOUT, false);

	public ExecutorConfig {
		Require.positive(defaultTimeout, "executor defaultTimeout");
		if (maxResultBytes < 1) {
			throw new IllegalArgumentException("executor maxResultBytes must be at least 1, but was " + maxResultBytes);
		}
	}

	/**
	 * Settings with the default result size limit.
	 * @param defaultTimeout how long one attempt may run if neither job nor handler sets
	 * it
	 * @param virtualThreads whether to run jobs on virtual threads
	 */
	public ExecutorConfig(Duration defaultTimeout, boolean virtualThreads) {
		this(defaultTimeout, virtualThreads, DEFAULT_MAX_RESULT_BYTES);
	}

}
