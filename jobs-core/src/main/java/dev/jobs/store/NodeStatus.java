package dev.jobs.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A node of the cluster as the store sees it.
 *
 * @param id the node
 * @param heartbeatAt when it was last heard from
 * @param leader whether it holds an unexpired leader lease
 * @param executing the jobs executing on it, by queue
 */
public record NodeStatus(String id, Instant heartbeatAt, boolean leader, Map<String, Long> executing) {

	public NodeStatus {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(heartbeatAt, "heartbeatAt must not be null");
		executing = Map.copyOf(new TreeMap<>(executing));
	}

}
