package dev.jobs.engine;

import java.util.List;

import dev.jobs.limit.LimitUsage;

/**
 * The limits a node claims under and what uses them now.
 *
 * @param limits each cluster-wide limit's use, read from the store
 * @param nodeConcurrency the node-wide cap, or 0 for none
 * @param nodeInUse jobs running (or being claimed) on this node under the cap
 */
public record LimitStatus(List<LimitUsage> limits, int nodeConcurrency, int nodeInUse) {

	public LimitStatus {
		limits = List.copyOf(limits);
	}

}
