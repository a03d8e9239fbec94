package dev.jobs.spring.actuate;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * This node and every queue's figures.
 *
 * @param node this node's id, or {@code null} on a node that only enqueues
 * @param leader whether this node leads the cluster (runs staging, rescue, pruning, cron)
 * @param running whether this node runs jobs now
 * @param pausedQueues the queues paused cluster-wide
 * @param queues figures by queue name
 * @param limits the cluster-wide limits this node claims under and its node-wide cap,
 * with what uses them; {@code null} on a node that only enqueues
 */
public record JobsDescriptor(@Nullable String node, boolean leader, boolean running, List<String> pausedQueues,
		Map<String, QueueDescriptor> queues, @Nullable LimitsDescriptor limits) {

}
