package dev.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a running job last reported of itself: how far it got, and its last log lines. The
 * engine writes it at most once a second per job, in batches; it holds the latest attempt
 * that reported.
 *
 * @param jobId the job
 * @param attempt the attempt that reported
 * @param fraction how far it got, from 0 to 1, or {@code null} if it did not say
 * @param done the units done, when it reported n of total
 * @param total the units in all, when it reported n of total
 * @param log its last log lines, oldest first (at most {@value #MAX_LINES}, at most
 * {@value #MAX_LOG_CHARS} characters in all)
 * @param updatedAt when it was written
 */
public record JobProgress(long jobId, int attempt, @Nullable Double fraction, @Nullable Long done, @Nullable Long total,
		List<String> log, Instant updatedAt) {

	/** The most log lines kept per job: the last ones. */
	public static final int MAX_LINES = 100;

	/** The most log characters kept per job (about 64 KB): the last ones. */
	public static final int MAX_LOG_CHARS = 64 * 1024;

	/** The longest line kept; longer ones are cut. */
	public static final int MAX_LINE_CHARS = 2_000;

	public JobProgress {
		log = List.copyOf(log);
		Objects.requireNonNull(updatedAt, "updatedAt must not be null");
	}

}
