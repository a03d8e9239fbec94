package dev.jobs.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What finished in one minute.
 *
 * @param minute the start of the minute
 * @param completed jobs completed in it
 * @param failed attempts failed in it (their jobs are now retryable or discarded)
 */
public record MinuteFigures(Instant minute, long completed, long failed) {

	public MinuteFigures {
		Objects.requireNonNull(minute, "minute must not be null");
	}

}
