package dev.jobs.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.jobs.Job;
import dev.jobs.limit.JobLimits;
import dev.jobs.store.Completion;
import dev.jobs.store.JobStore;

/**
 * A node's share of the limits: the cluster-wide limits its claims pass to the store, the
 * node-wide cap its producers share, and the wake when a limited job's slot frees. The
 * store counts a job against its limits until its outcome is written, so that wake waits
 * for the completer's write, then announces the job's queue to every node, where a job
 * the limit held back may wait.
 */
final class NodeLimits {

	private final JobLimits limits;

	private final NodeSlots slots;

	private final Consumer<Collection<String>> jobsAvailable;

	/** The queue of each limited job this node claimed and has not written. */
	private final Map<Long, String> running = new ConcurrentHashMap<>();

	/** Limited jobs whose attempt ended here and whose outcome is not written yet. */
	private final Set<Long> ended = ConcurrentHashMap.newKeySet();

	NodeLimits(SupervisorBuilder builder, Consumer<Collection<String>> jobsAvailable) {
		this.limits = JobLimits.of(builder.limits);
		this.slots = new NodeSlots(builder.nodeConcurrency);
		this.jobsAvailable = jobsAvailable;
	}

	JobLimits limits() {
		return this.limits;
	}

	NodeSlots slots() {
		return this.slots;
	}

	void claimed(Job job) {
		if (this.limits.find(job.kind()) != null) {
			this.running.put(job.id(), job.queue());
		}
	}

	/**
	 * A job's attempt ended here. Its row stays executing until the completer writes the
	 * outcome, but its handler no longer runs: this node's claims stop counting it, so a
	 * slot is reused without waiting for the write (other nodes wait for it).
	 * @param job the job
	 */
	void ended(Job job) {
		if (this.running.containsKey(job.id())) {
			this.ended.add(job.id());
			if (!this.running.containsKey(job.id())) {
				// Written meanwhile: nothing to forget later.
				this.ended.remove(job.id());
			}
		}
	}

	/**
	 * The jobs whose attempt ended here and whose outcome is not written yet.
	 * @return a snapshot
	 */
	Set<Long> endedUnwritten() {
		return Set.copyOf(this.ended);
	}

	/**
	 * What the completer calls once it wrote outcomes: {@code then}, and the wake of the
	 * queues of limited jobs among them.
	 * @param then the other callback
	 * @return the callback
	 */
	Consumer<List<Completion>> afterWrites(Consumer<List<Completion>> then) {
		return (batch) -> {
			then.accept(batch);
			written(batch);
		};
	}

	private void written(List<Completion> batch) {
		if (this.running.isEmpty()) {
			return;
		}
		Set<String> queues = new TreeSet<>();
		for (Completion completion : batch) {
			String queue = this.running.remove(completion.id());
			this.ended.remove(completion.id());
			if (queue != null) {
				queues.add(queue);
			}
		}
		if (!queues.isEmpty()) {
			this.jobsAvailable.accept(queues);
		}
	}

	LimitStatus status(JobStore store, Instant now) {
		return new LimitStatus(this.limits.isEmpty() ? List.of() : store.limitUsage(this.limits, now), this.slots.max(),
				this.slots.inUse());
	}

}
