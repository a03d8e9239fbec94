package dev.jobs.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.jobs.Job;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.store.Completion;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;

/**
 * A node's share of the limits: the cluster-wide limits its claims pass to the store, the
 * node-wide cap its producers share, and the wake when a limited job's slot frees. The
 * store counts a job against its limits until its outcome is written, so that wake waits
 * for the completer's write, then announces the job's queue to every node, where a job
 * the limit held back may wait.
 */
final class NodeLimits {

	private final List<JobLimit> given;

	private final List<Supplier<? extends Collection<JobLimit>>> sources;

	/** The limits as resolved at start; until then they are asked for on each read. */
	private volatile @Nullable JobLimits resolved;

	private final NodeSlots slots;

	private final Consumer<Collection<String>> jobsAvailable;

	/** The queue of each limited job this node claimed and has not written. */
	private final Map<Long, String> running = new ConcurrentHashMap<>();

	/** Limited jobs whose attempt ended here and whose outcome is not written yet. */
	private final Set<Long> ended = ConcurrentHashMap.newKeySet();

	NodeLimits(SupervisorBuilder builder, Consumer<Collection<String>> jobsAvailable) {
		this.given = List.copyOf(builder.limits);
		this.sources = List.copyOf(builder.limitSources);
		this.resolved = this.sources.isEmpty() ? JobLimits.of(this.given) : null;
		this.slots = new NodeSlots(builder.nodeConcurrency);
		this.jobsAvailable = jobsAvailable;
	}

	/**
	 * Ask the sources of limits known only at start, once: the limits claims use from now
	 * on.
	 * @throws IllegalArgumentException if two places give one kind a limit
	 */
	void resolve() {
		if (this.resolved == null) {
			this.resolved = read();
		}
	}

	JobLimits limits() {
		JobLimits limits = this.resolved;
		return (limits != null) ? limits : read();
	}

	private JobLimits read() {
		List<JobLimit> all = new ArrayList<>(this.given);
		this.sources.forEach((source) -> all.addAll(source.get()));
		return JobLimits.of(all);
	}

	NodeSlots slots() {
		return this.slots;
	}

	void claimed(Job job) {
		if (limits().find(job.kind()) != null) {
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
		JobLimits limits = limits();
		return new LimitStatus(limits.isEmpty() ? List.of() : store.limitUsage(limits, now), this.slots.max(),
				this.slots.inUse());
	}

}
