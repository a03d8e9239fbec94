package dev.jobs.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.JobProgress;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitUsage;
import org.jspecify.annotations.Nullable;

/**
 * A store that passes every call to a real one: tests override single methods to watch
 * calls or inject faults.
 */
public class DelegatingJobStore implements JobStore {

	private final JobStore delegate;

	public DelegatingJobStore(JobStore delegate) {
		this.delegate = delegate;
	}

	/**
	 * The store that calls go to.
	 * @return the delegate
	 */
	public JobStore delegate() {
		return this.delegate;
	}

	@Override
	public List<Job> insert(InsertParams params) {
		return this.delegate.insert(params);
	}

	@Override
	public List<Job> fetch(FetchParams params) {
		return this.delegate.fetch(params);
	}

	@Override
	public boolean claimsAfterPosition() {
		return this.delegate.claimsAfterPosition();
	}

	@Override
	public FetchResult fetchWithinLimits(FetchParams params) {
		return this.delegate.fetchWithinLimits(params);
	}

	@Override
	public List<LimitUsage> limitUsage(JobLimits limits, Instant now) {
		return this.delegate.limitUsage(limits, now);
	}

	@Override
	public int complete(List<Completion> completions) {
		return this.delegate.complete(completions);
	}

	@Override
	public StageResult stage(StageParams params) {
		return this.delegate.stage(params);
	}

	@Override
	public Optional<Instant> nextDue(Instant before) {
		return this.delegate.nextDue(before);
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
	public Set<Long> executingIds(String nodeId, Instant claimedBefore) {
		return this.delegate.executingIds(nodeId, claimedBefore);
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
	public int deleteAvailable(String queue, Instant now) {
		return this.delegate.deleteAvailable(queue, now);
	}

	@Override
	public int deleteWaiting(String queue, Instant now) {
		return this.delegate.deleteWaiting(queue, now);
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
	public List<Job> findAll(Collection<Long> ids) {
		return this.delegate.findAll(ids);
	}

	@Override
	public List<Job> dependencies(long id) {
		return this.delegate.dependencies(id);
	}

	@Override
	public List<Job> workflow(long workflowId) {
		return this.delegate.workflow(workflowId);
	}

	@Override
	public List<Job> list(ListParams params) {
		return this.delegate.list(params);
	}

	@Override
	public JobCount count(JobFilter filter, long limit) {
		return this.delegate.count(filter, limit);
	}

	@Override
	public List<MinuteFigures> throughput(Instant since, @Nullable String queue) {
		return this.delegate.throughput(since, queue);
	}

	@Override
	public List<NodeStatus> nodes(Instant now) {
		return this.delegate.nodes(now);
	}

	@Override
	public Map<String, Instant> cronTicks() {
		return this.delegate.cronTicks();
	}

	@Override
	public BulkResult retryAll(Collection<Long> ids, Instant now) {
		return this.delegate.retryAll(ids, now);
	}

	@Override
	public BulkResult cancelAll(Collection<Long> ids, Instant now) {
		return this.delegate.cancelAll(ids, now);
	}

	@Override
	public BulkResult deleteAll(Collection<Long> ids, Instant now) {
		return this.delegate.deleteAll(ids, now);
	}

	@Override
	public void saveProgress(List<JobProgress> reports) {
		this.delegate.saveProgress(reports);
	}

	@Override
	public Optional<JobProgress> findProgress(long id) {
		return this.delegate.findProgress(id);
	}

	@Override
	public void prepareLimits(JobLimits limits) {
		this.delegate.prepareLimits(limits);
	}

	@Override
	public Optional<JobNotifier> notifier() {
		return this.delegate.notifier();
	}

}
