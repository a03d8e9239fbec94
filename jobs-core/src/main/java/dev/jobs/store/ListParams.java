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
 * @param tag only jobs with this tag, or {@code null} for all
 */
public record ListParams(@Nullable String queue, @Nullable JobState state, @Nullable Long beforeId, int limit,
		@Nullable String attemptedBy, @Nullable String tag) {

	public ListParams {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
		}
	}

	/**
	 * A page of jobs of any tag.
	 * @param queue only this queue, or {@code null} for all
	 * @param state only this state, or {@code null} for all
	 * @param beforeId only jobs with a smaller id, or {@code null} for the first page
	 * @param limit the page size
	 * @param attemptedBy only jobs last claimed by this node, or {@code null} for all
	 */
	public ListParams(@Nullable String queue, @Nullable JobState state, @Nullable Long beforeId, int limit,
			@Nullable String attemptedBy) {
		this(queue, state, beforeId, limit, attemptedBy, null);
	}

	/**
	 * A page of any node's jobs.
	 * @param queue only this queue, or {@code null} for all
	 * @param state only this state, or {@code null} for all
	 * @param beforeId only jobs with a smaller id, or {@code null} for the first page
	 * @param limit the page size
	 */
	public ListParams(@Nullable String queue, @Nullable JobState state, @Nullable Long beforeId, int limit) {
		this(queue, state, beforeId, limit, null, null);
	}

	/**
	 * A page of the jobs executing on one node.
	 * @param nodeId the node
	 * @param beforeId only jobs with a smaller id, or {@code null} for the first page
	 * @param limit the page size
	 * @return the parameters
	 */
	public static ListParams executingOn(String nodeId, @Nullable Long beforeId, int limit) {
		return new ListParams(null, JobState.EXECUTING, beforeId, limit, nodeId, null);
	}

	/**
	 * This page, only of jobs with a tag.
	 * @param tag the tag, or {@code null} for any
	 * @return a copy
	 */
	public ListParams withTag(@Nullable String tag) {
		return new ListParams(this.queue, this.state, this.beforeId, this.limit, this.attemptedBy, tag);
	}

}
