package dev.jobs.spring.actuate;

import java.util.List;

import dev.jobs.engine.LimitStatus;
import dev.jobs.limit.LimitUsage;
import org.jspecify.annotations.Nullable;

/**
 * The limits a node claims under, with what uses them now.
 *
 * @param kinds each cluster-wide limit of a job kind
 * @param nodeConcurrency the node-wide cap, or {@code null} for none
 * @param nodeInUse jobs running on this node under the cap
 */
public record LimitsDescriptor(List<LimitDescriptor> kinds, @Nullable Integer nodeConcurrency, int nodeInUse) {

	static LimitsDescriptor of(LimitStatus status) {
		return new LimitsDescriptor(status.limits().stream().map(LimitDescriptor::of).toList(),
				(status.nodeConcurrency() > 0) ? status.nodeConcurrency() : null, status.nodeInUse());
	}

	/**
	 * One limit of a job kind across the cluster.
	 *
	 * @param kind the job kind
	 * @param type {@code concurrency}, {@code concurrency-per-key}, {@code rate} or
	 * {@code rate-per-key}
	 * @param inUse jobs executing (or, for rates, started in the window); for per-key
	 * limits, the most of any one key
	 * @param max the limit
	 * @param waiting available jobs the limit may hold back
	 */
	public record LimitDescriptor(String kind, String type, int inUse, int max, long waiting) {

		static LimitDescriptor of(LimitUsage usage) {
			return new LimitDescriptor(usage.kind(), usage.type(), usage.inUse(), usage.max(), usage.waiting());
		}

	}

}
