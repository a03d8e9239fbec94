package dev.jobs.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.jobs.Job;
import org.jspecify.annotations.Nullable;

/**
 * What a claim under limits got, and when a rate window that held jobs back opens.
 *
 * @param jobs the claimed jobs, as they are now
 * @param retryAt when the earliest full rate window opens, or {@code null}
 */
public record FetchResult(List<Job> jobs, @Nullable Instant retryAt) {

	public FetchResult {
		Objects.requireNonNull(jobs, "jobs must not be null");
	}

}
