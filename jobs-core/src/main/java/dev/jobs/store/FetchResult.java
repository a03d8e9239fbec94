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
 * @param held whether a limit was full, so that jobs may wait on it: a slot freed on the
 * claiming node is then worth another claim
 */
public record FetchResult(List<Job> jobs, @Nullable Instant retryAt, boolean held) {

	public FetchResult {
		Objects.requireNonNull(jobs, "jobs must not be null");
	}

	/**
	 * What a claim without limits got.
	 * @param jobs the claimed jobs
	 * @return the result
	 */
	public static FetchResult unlimited(List<Job> jobs) {
		return new FetchResult(jobs, null, false);
	}

}
