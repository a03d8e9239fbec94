package dev.jobs.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Hand back the executing jobs of dead nodes. A node is dead when its last heartbeat is
 * before {@code deadBefore}, or it has no heartbeat at all. Rescued jobs become retryable
 * at once, or discarded when their attempts are used up, with an error naming the node.
 *
 * @param now the rescue time
 * @param deadBefore nodes not heard from since this are dead
 * @param limit the most jobs to rescue in one call
 */
public record RescueParams(Instant now, Instant deadBefore, int limit) {

	public RescueParams {
		Objects.requireNonNull(now, "now must not be null");
		Objects.requireNonNull(deadBefore, "deadBefore must not be null");
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
		}
	}

}
