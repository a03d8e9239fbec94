package dev.jobs.store;

import dev.jobs.JobState;
import org.jspecify.annotations.Nullable;

/**
 * One page of jobs, newest first.
 *
 * @param queue only this queue, or {@code null} for all
 * @param state only this state, or {@code null} for all
 * @param beforeId only jobs with a smaller id (the last id of the previous page), or
 * {@code null} for the first page
 * @param limit the page size
 */
public record ListParams(@Nullable String queue, @Nullable JobState state, @Nullable Long beforeId, int limit) {

	public ListParams {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
		}
	}

}
