package dev.jobs.dashboard;

import java.util.List;

import dev.jobs.engine.LimitStatus;
import dev.jobs.limit.LimitUsage;

/**
 * What the limits panel shows: the cluster-wide limits this node claims under, with what
 * uses them now and how many jobs wait on them, and this node's cap. Limits are each
 * node's configuration, so a node that runs no worker has none to show.
 *
 * @param worker whether this node runs a worker (and so knows its limits)
 * @param limits each limit: kind, type ({@code concurrency}, {@code concurrency-per-key},
 * {@code rate}, {@code rate-per-key}), max, in use (for per-key limits, the busiest
 * key's) and waiting (available jobs the limit may hold back)
 * @param nodeConcurrency this node's cap on running jobs, or 0 for none
 * @param nodeInUse jobs running on this node under the cap
 */
public record LimitsView(boolean worker, List<LimitUsage> limits, int nodeConcurrency, int nodeInUse) {

	static final LimitsView NO_WORKER = new LimitsView(false, List.of(), 0, 0);

	static LimitsView of(LimitStatus status) {
		return new LimitsView(true, status.limits(), status.nodeConcurrency(), status.nodeInUse());
	}

}
