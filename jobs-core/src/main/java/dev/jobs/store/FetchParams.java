package dev.jobs.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import dev.jobs.limit.JobLimits;
import org.jspecify.annotations.Nullable;

/**
 * A claim of available jobs from one queue.
 *
 * @param queue the queue
 * @param limit the most jobs to claim
 * @param nodeId the claiming node, recorded as {@code attemptedBy}
 * @param now the claim time, recorded as {@code attemptedAt}
 * @param limits the cluster-wide limits to claim within; {@link JobLimits#NONE} for the
 * unlimited claim
 * @param ended jobs of this node that are still executing in the store but whose attempt
 * ended here, their outcome not written yet: they no longer count against limits
 * @param after where the claim may begin, or {@code null} for the head of the queue: the
 * last job of this producer's last claim. A store that
 * {@link JobStore#claimsAfterPosition() claims after a position} may leave the available
 * jobs of other priorities, and those that come before it, to a later claim; jobs after
 * it are claimed in claim order. Ignored under limits.
 */
public record FetchParams(String queue, int limit, String nodeId, Instant now, JobLimits limits, Set<Long> ended,
		@Nullable ClaimPosition after) {

	public FetchParams {
		Objects.requireNonNull(queue, "queue must not be null");
		Objects.requireNonNull(nodeId, "nodeId must not be null");
		Objects.requireNonNull(now, "now must not be null");
		Objects.requireNonNull(limits, "limits must not be null");
		ended = Set.copyOf(ended);
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, but was " + limit);
		}
	}

	/**
	 * A claim from the head of the queue.
	 * @param queue the queue
	 * @param limit the most jobs to claim
	 * @param nodeId the claiming node
	 * @param now the claim time
	 * @param limits the limits
	 * @param ended jobs of this node whose attempt ended, outcome not written yet
	 */
	public FetchParams(String queue, int limit, String nodeId, Instant now, JobLimits limits, Set<Long> ended) {
		this(queue, limit, nodeId, now, limits, ended, null);
	}

	/**
	 * A claim with no limits.
	 * @param queue the queue
	 * @param limit the most jobs to claim
	 * @param nodeId the claiming node
	 * @param now the claim time
	 */
	public FetchParams(String queue, int limit, String nodeId, Instant now) {
		this(queue, limit, nodeId, now, JobLimits.NONE, Set.of(), null);
	}

	/**
	 * This claim, beginning after a position.
	 * @param position the last job of the producer's last claim, or {@code null}
	 * @return a copy
	 */
	public FetchParams after(@Nullable ClaimPosition position) {
		return new FetchParams(this.queue, this.limit, this.nodeId, this.now, this.limits, this.ended, position);
	}

	/**
	 * A claim within limits.
	 * @param queue the queue
	 * @param limit the most jobs to claim
	 * @param nodeId the claiming node
	 * @param now the claim time
	 * @param limits the limits
	 */
	public FetchParams(String queue, int limit, String nodeId, Instant now, JobLimits limits) {
		this(queue, limit, nodeId, now, limits, Set.of(), null);
	}

}
