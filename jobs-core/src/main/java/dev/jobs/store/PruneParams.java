package dev.jobs.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Delete finished jobs past their retention, and forgotten nodes.
 *
 * @param completedBefore completed jobs finished before this are deleted
 * @param cancelledBefore cancelled jobs finished before this are deleted
 * @param discardedBefore discarded jobs finished before this are deleted
 * @param nodesBefore node records not heard from since this are deleted
 * @param limit the most jobs to delete in one call
 */
public record PruneParams(Instant completedBefore, Instant cancelledBefore, Instant discardedBefore,
		Instant nodesBefore, int limit) {

	public PruneParams {
		Objects.requireNonNull(completedBefore, "completedBefore must not be null");
		Objects.requireNonNull(cancelledBefore, "cancelledBefore must not be null");
		Objects.requireNonNull(discardedBefore, "discardedBefore must not be null");
		Objects.requireNonNull(nodesBefore, "nodesBefore must not be null");
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
		}
	}

}
