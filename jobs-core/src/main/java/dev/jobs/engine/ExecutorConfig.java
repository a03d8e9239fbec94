package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the {@link JobExecutor}.
 *
 * @param defaultTimeout how long one attempt may run if neither job nor handler sets it
 * @param virtualThreads whether to run jobs on virtual threads (used only where the
 * runtime has them)
 */
public record ExecutorConfig(Duration defaultTimeout, boolean virtualThreads) {

	public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

	public static final ExecutorConfig DEFAULT = new ExecutorConfig(DEFAULT_TIMEOUT, false);

	public ExecutorConfig {
		Require.positive(defaultTimeout, "executor defaultTimeout");
	}

}
