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
 * @param attemptedBy only jobs whose current or last attempt was claimed by this node, or
 * {@code null} for all
 */
public record ListParams(@Nullable String queue, @Nullable JobState state, @Nullable Long beforeId, int limit,
		@Nullable String attemptedBy) {

	public ListParams {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
		}
	}

	/**
	 * A page of any node's jobs.
	 * @param queue only this queue, or {@code null} for all
	 * @param state only this state, or {@code null} for all
	 * @param beforeId only jobs with a smaller id, or {@code null} for the first page
	 * @param limit the page size
	 */
	public ListParams(@Nullable String queue, @Nullable JobState state, @Nullable Long beforeId, int limit) {
		this(queue, state, beforeId, limit, null);
	}

	/**
	 * A page of the jobs executing on one node.
	 * @param nodeId the node
	 * @param beforeId only jobs with a smaller id, or {@code null} for the first page
	 * @param limit the page size
	 * @return the parameters
	 */
	public static ListParams executingOn(String nodeId, @Nullable Long beforeId, int limit) {
		return new ListParams(null, JobState.EXECUTING, beforeId, limit, nodeId);
	}

}
