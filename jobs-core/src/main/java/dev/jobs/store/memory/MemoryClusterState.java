package dev.jobs.store.memory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.jobs.store.ElectParams;
import dev.jobs.store.NodeStatus;
import org.jspecify.annotations.Nullable;

/**
 * What the memory store keeps about the cluster rather than its jobs: the nodes and when
 * each was last heard from, the leader's lease, the paused queues and the last tick of
 * each cron entry. Not thread-safe: the store calls it under its lock.
 */
final class MemoryClusterState {

	private final Map<String, Instant> nodes = new HashMap<>();

	private final Set<String> paused = new HashSet<>();

	private final Map<String, Instant> cronTicks = new HashMap<>();

	private @Nullable String leader;

	private Instant leaseUntil = Instant.MIN;

	void heartbeat(String nodeId, Instant now) {
		this.nodes.put(nodeId, now);
	}

	void deregister(String nodeId) {
		this.nodes.remove(nodeId);
	}

	/**
	 * Whether a node is dead: never heard from, or not since {@code deadBefore}.
	 * @param nodeId the node, if any
	 * @param deadBefore the cutoff; a node heard from exactly then is alive
	 * @return whether it is dead
	 */
	boolean isDead(@Nullable String nodeId, Instant deadBefore) {
		Instant seen = (nodeId != null) ? this.nodes.get(nodeId) : null;
		return seen == null || seen.isBefore(deadBefore);
	}

	void forgetNodesBefore(Instant before) {
		this.nodes.values().removeIf((seen) -> seen.isBefore(before));
	}

	boolean elect(ElectParams params) {
		if (this.leader == null || params.nodeId().equals(this.leader) || !this.leaseUntil.isAfter(params.now())) {
			this.leader = params.nodeId();
			this.leaseUntil = params.now().plus(params.ttl());
			return true;
		}
		return false;
	}

	void resign(String nodeId) {
		if (nodeId.equals(this.leader)) {
			this.leader = null;
			this.leaseUntil = Instant.MIN;
		}
	}

	boolean recordCronTick(String name, Instant tick) {
		Instant last = this.cronTicks.get(name);
		if (last != null && !last.isBefore(tick)) {
			return false;
		}
		this.cronTicks.put(name, tick);
		return true;
	}

	void setPaused(String queue, boolean paused) {
		if (paused) {
			this.paused.add(queue);
		}
		else {
			this.paused.remove(queue);
		}
	}

	boolean isPaused(String queue) {
		return this.paused.contains(queue);
	}

	List<NodeStatus> nodes(Instant now, Map<String, Map<String, Long>> executingByNode) {
		String lead = (this.leader != null && this.leaseUntil.isAfter(now)) ? this.leader : null;
		return this.nodes.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((node) -> new NodeStatus(node.getKey(), node.getValue(), node.getKey().equals(lead),
					executingByNode.getOrDefault(node.getKey(), Map.of())))
			.toList();
	}

	Map<String, Instant> cronTicks() {
		return Map.copyOf(this.cronTicks);
	}

	Set<String> pausedQueues() {
		return Set.copyOf(this.paused);
	}

}
