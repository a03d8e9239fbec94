package dev.jobs.benchmarks;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.store.Completion;
import dev.jobs.store.ElectParams;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.PruneParams;
import dev.jobs.store.QueueStats;
import dev.jobs.store.RescueParams;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import dev.jobs.store.StatsParams;

/**
 * A store that tells a {@link Meter} when claims return and when outcomes are written, so
 * that a scenario times the store's work itself rather than the engine's events: a job
 * counts as done once its completed row is written, not when its handler returns.
 */
final class MeteredStore implements JobStore {

	private final JobStore delegate;

	private final Meter meter;

	MeteredStore(JobStore delegate, Meter meter) {
		this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
		this.meter = Objects.requireNonNull(meter, "meter must not be null");
	}

	@Override
	public List<Job> fetch(FetchParams params) {
		long started = System.nanoTime();
		List<Job> jobs = this.delegate.fetch(params);
		if (!jobs.isEmpty()) {
			this.meter.claimed(started, jobs);
		}
		return jobs;
	}

	@Override
	public int complete(List<Completion> completions) {
		int updated = this.delegate.complete(completions);
		this.meter.written(completions, updated, System.nanoTime());
		return updated;
	}

	@Override
	public List<Job> insert(InsertParams params) {
		return this.delegate.insert(params);
	}

	@Override
	public StageResult stage(StageParams params) {
		return this.delegate.stage(params);
	}

	@Override
	public List<Job> rescue(RescueParams params) {
		return this.delegate.rescue(params);
	}

	@Override
	public int prune(PruneParams params) {
		return this.delegate.prune(params);
	}

	@Override
	public Optional<Job> cancel(long id, Instant now) {
		return this.delegate.cancel(id, now);
	}

	@Override
	public Optional<Job> retry(long id, Instant now) {
		return this.delegate.retry(id, now);
	}

	@Override
	public void heartbeat(String nodeId, Instant now) {
		this.delegate.heartbeat(nodeId, now);
	}

	@Override
	public void deregister(String nodeId) {
		this.delegate.deregister(nodeId);
	}

	@Override
	public Set<Long> cancelRequested(String nodeId) {
		return this.delegate.cancelRequested(nodeId);
	}

	@Override
	public boolean elect(ElectParams params) {
		return this.delegate.elect(params);
	}

	@Override
	public void resign(String nodeId) {
		this.delegate.resign(nodeId);
	}

	@Override
	public boolean recordCronTick(String name, Instant tick) {
		return this.delegate.recordCronTick(name, tick);
	}

	@Override
	public void setPaused(String queue, boolean paused) {
		this.delegate.setPaused(queue, paused);
	}

	@Override
	public Set<String> pausedQueues() {
		return this.delegate.pausedQueues();
	}

	@Override
	public int deleteAvailable(String queue) {
		return this.delegate.deleteAvailable(queue);
	}

	@Override
	public List<QueueStats> stats(StatsParams params) {
		return this.delegate.stats(params);
	}

	@Override
	public Optional<Job> find(long id) {
		return this.delegate.find(id);
	}

	@Override
	public List<Job> list(ListParams params) {
		return this.delegate.list(params);
	}

	@Override
	public List<Job> findAll(Collection<Long> ids) {
		return this.delegate.findAll(ids);
	}

	@Override
	public Optional<JobNotifier> notifier() {
		return this.delegate.notifier();
	}

	/**
	 * Hears the store's claims and writes. Called on the engine's threads.
	 */
	interface Meter {

		/**
		 * A claim returned jobs.
		 * @param startedNanos when the claim was sent
		 * @param jobs the claimed jobs
		 */
		void claimed(long startedNanos, List<Job> jobs);

		/**
		 * Outcomes were written.
		 * @param completions the outcomes
		 * @param updated how many rows changed
		 * @param writtenNanos when the write returned
		 */
		void written(List<Completion> completions, int updated, long writtenNanos);

	}

}
