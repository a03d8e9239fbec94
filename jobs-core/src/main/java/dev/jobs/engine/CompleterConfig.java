package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the {@link Completer}.
 *
 * @param batchSize the most outcomes written in one statement
 * @param maxBacklog the most outcomes waiting to be written before workers wait
 * @param retryPause the first pause before writing again after the store failed (it
 * doubles, up to 30 s)
 */
public record CompleterConfig(int batchSize, int maxBacklog, Duration retryPause) {

	public static final int DEFAULT_BATCH_SIZE = 500;

	public static final int DEFAULT_MAX_BACKLOG = 10_000;

	public static final Duration DEFAULT_RETRY_PAUSE = Duration.ofMillis(100);

	public static final CompleterConfig DEFAULT = new CompleterConfig(DEFAULT_BATCH_SIZE, DEFAULT_MAX_BACKLOG,
			DEFAULT_RETRY_PAUSE);

	public CompleterConfig {
		Require.atLeast(batchSize, 1, "completer batchSize");
		Require.atLeast(maxBacklog, batchSize, "completer maxBacklog");
		Require.positive(retryPause, "completer retryPause");
	}

}
