package dev.jobs.store;

import java.util.Objects;

import dev.jobs.JobState;
import org.jspecify.annotations.Nullable;

/**
 * One page of jobs, newest first: a keyset page ({@code WHERE id < ? ORDER BY id DESC}),
 * never an offset, so that a page costs the same however deep it is.
 *
 * @param filter which jobs
 * @param beforeId only jobs with a smaller id (the last id of the previous page), or
 * {@code null} for the first page
 * @param limit the page size
 */
public record ListParams(JobFilter filter, @Nullable Long beforeId, int limit) {

	public ListParams {
		Objects.requireNonNull(filter, "filter must not be null");
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
		this(JobFilter.of(queue, state), beforeId, limit);
	}

	/**
	 * A page of the jobs executing on one node.
	 * @param nodeId the node
	 * @param beforeId only jobs with a smaller id, or {@code null} for the first page
	 * @param limit the page size
	 * @return the parameters
	 */
	public static ListParams executingOn(String nodeId, @Nullable Long beforeId, int limit) {
		return new ListParams(JobFilter.of(null, JobState.EXECUTING).withAttemptedBy(nodeId), beforeId, limit);
	}

	/**
	 * This page, only of jobs with a tag.
	 * @param tag the tag, or {@code null} for any
	 * @return a copy
	 */
	public ListParams withTag(@Nullable String tag) {
		return new ListParams(this.filter.withTag(tag), this.beforeId, this.limit);
	}

}
