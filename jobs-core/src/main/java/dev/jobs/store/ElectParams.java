package dev.jobs.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Take or extend the cluster's leader lease.
 *
 * @param nodeId the node asking
 * @param now the time of asking
 * @param ttl how long the lease lasts unless extended
 */
public record ElectParams(String nodeId, Instant now, Duration ttl) {

	public ElectParams {
		Objects.requireNonNull(nodeId, "nodeId must not be null");
		Objects.requireNonNull(now, "now must not be null");
		Objects.requireNonNull(ttl, "ttl must not be null");
	}

}
