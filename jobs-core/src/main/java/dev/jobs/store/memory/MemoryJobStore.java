package dev.jobs.store.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.jobs.Job;
import dev.jobs.JobProgress;
import dev.jobs.JobState;
import dev.jobs.store.BulkResult;
import dev.jobs.store.Completion;
import dev.jobs.store.ElectParams;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitUsage;
import dev.jobs.store.FetchParams;
import dev.jobs.store.FetchResult;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobCount;
import dev.jobs.store.JobFilter;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.MinuteFigures;
import dev.jobs.store.NodeStatus;
import dev.jobs.store.PruneParams;
import dev.jobs.store.QueueStats;
import dev.jobs.store.RescueParams;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import dev.jobs.store.StatsParams;
import org.jspecify.annotations.Nullable;

/**
 * A store in the process's memory: for tests, development and work that may be lost with
 * the process. Not durable. Thread-safe behind one lock; bounded, with back-pressure:
 * when {@code maxJobs} jobs are unfinished, enqueue waits up to {@code enqueueTimeout}
 * for room, then fails.
 */
public final class MemoryJobStore implements JobStore, JobNotifier {

	/*
	 * The jobs live in a MemoryJobTable and what the store knows of the cluster in a
	 * MemoryClusterState, neither thread-safe. One lock guards both, as one transaction
	 * would: a claim reads the paused queues, and a rescue the heartbeats, in the same
	 * step that changes the jobs. It is a ReentrantLock rather than a monitor because
	 * enqueue waits on its condition for room. Every operation takes it the same way,
	 * through withLock, so that no path can leave it held; subscribers are told of
	 * changes after it is released.
	 */
	private final ReentrantLock lock = new ReentrantLock();

	private final MemoryJobTable jobs;

	private final MemoryStartLog starts;

	private final MemoryClusterState cluster = new MemoryClusterState();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	public MemoryJobStore() {
		this(Config.DEFAULT);
	}

	public MemoryJobStore(Config config) {
		Objects.requireNonNull(config, "config must not be null");
		this.jobs = new MemoryJobTable(config, this.lock.newCondition());
		this.starts = new MemoryStartLog();
	}

	@Override
	public List<Job> insert(InsertParams params) {
		List<Job> stored = withLock(() -> this.jobs.insert(params));
		Set<String> woken = new LinkedHashSet<>(withLock(this.jobs::takeReleased));
		for (Job job : stored) {
			if (job.state() == JobState.AVAILABLE) {
				woken.add(job.queue());
			}
		}
		woken.forEach(this::publishAvailable);
		return stored;
	}

	@Override
	public List<Job> fetch(FetchParams params) {
		return fetchWithinLimits(params).jobs();
	}

	@Override
	public FetchResult fetchWithinLimits(FetchParams params) {
		return withLock(() -> {
			if (this.cluster.isPaused(params.queue())) {
				return FetchResult.unlimited(List.of());
			}
			return params.limits().isEmpty() ? FetchResult.unlimited(this.jobs.claim(params))
					: this.jobs.claimWithinLimits(params, this.starts);
		});
	}

	@Override
	public List<LimitUsage> limitUsage(JobLimits limits, Instant now) {
		return withLock(() -> this.jobs.limitUsage(limits, this.starts, now));
	}

	@Override
	public int complete(List<Completion> completions) {
		int updated = withLock(() -> this.jobs.complete(completions));
		publishReleased();
		return updated;
	}

	@Override
	public List<Job> dependencies(long id) {
		return withLock(() -> this.jobs.dependencies(id));
	}

	@Override
	public List<Job> workflow(long workflowId) {
		return withLock(() -> this.jobs.workflow(workflowId));
	}

	/** Wake the queues of jobs that their dependencies released. */
	private void publishReleased() {
		withLock(this.jobs::takeReleased).forEach(this::publishAvailable);
	}

	@Override
	public Optional<Instant> nextDue(Instant before) {
		return withLock(() -> this.jobs.nextDue(before));
	}

	@Override
	public StageResult stage(StageParams params) {
		StageResult result = withLock(() -> this.jobs.stage(params));
		result.queues().forEach(this::publishAvailable);
		return result;
	}

	@Override
	public List<Job> rescue(RescueParams params) {
		List<Job> rescued = withLock(
				() -> this.jobs.rescue(params, (nodeId) -> this.cluster.isDead(nodeId, params.deadBefore())));
		publishReleased();
		return rescued;
	}

	/**
	 * The error recorded on a rescued job; every store words it the same way.
	 * @param nodeId the dead node
	 * @return the message
	 */
	public static String rescueMessage(@Nullable String nodeId) {
		return "Rescued: node '" + nodeId + "' stopped heartbeating while the job was executing";
	}

	@Override
	public int prune(PruneParams params) {
		return withLock(() -> {
			int deleted = this.jobs.prune(params);
			this.cluster.forgetNodesBefore(params.nodesBefore());
			return deleted;
		});
	}

	@Override
	public Optional<Job> cancel(long id, Instant now) {
		Optional<Job> job = withLock(() -> this.jobs.cancel(id, now));
		publishReleased();
		if (job.isPresent() && job.get().state() == JobState.EXECUTING) {
			this.listeners.forEach((listener) -> listener.cancelRequested(id));
		}
		return job;
	}

	@Override
	public Optional<Job> retry(long id, Instant now) {
		Optional<Job> job = withLock(() -> this.jobs.retry(id, now));
		if (job.isPresent() && job.get().state() == JobState.AVAILABLE) {
			publishAvailable(job.get().queue());
		}
		return job;
	}

	@Override
	public void heartbeat(String nodeId, Instant now) {
		locked(() -> this.cluster.heartbeat(nodeId, now));
	}

	@Override
	public void deregister(String nodeId) {
		locked(() -> this.cluster.deregister(nodeId));
	}

	@Override
	public Set<Long> cancelRequested(String nodeId) {
		return withLock(() -> this.jobs.cancelRequested(nodeId));
	}

	@Override
	public boolean elect(ElectParams params) {
		return withLock(() -> this.cluster.elect(params));
	}

	@Override
	public void resign(String nodeId) {
		locked(() -> this.cluster.resign(nodeId));
	}

	@Override
	public boolean recordCronTick(String name, Instant tick) {
		return withLock(() -> this.cluster.recordCronTick(name, tick));
	}

	@Override
	public void setPaused(String queue, boolean paused) {
		locked(() -> this.cluster.setPaused(queue, paused));
		if (!paused) {
			publishAvailable(queue);
		}
	}

	@Override
	public Set<String> pausedQueues() {
		return withLock(this.cluster::pausedQueues);
	}

	@Override
	public int deleteAvailable(String queue, Instant now) {
		int deleted = withLock(() -> this.jobs.deleteAvailable(queue, now));
		publishReleased();
		return deleted;
	}

	@Override
	public int deleteWaiting(String queue, Instant now) {
		int deleted = withLock(() -> this.jobs.deleteWaiting(queue, now));
		publishReleased();
		return deleted;
	}

	@Override
	public List<QueueStats> stats(StatsParams params) {
		return withLock(() -> this.jobs.stats(params));
	}

	@Override
	public Optional<Job> find(long id) {
		return withLock(() -> this.jobs.find(id));
	}

	@Override
	public List<Job> list(ListParams params) {
		return withLock(() -> this.jobs.list(params));
	}

	@Override
	public JobCount count(JobFilter filter, long limit) {
		return withLock(() -> this.jobs.count(filter, limit));
	}

	@Override
	public List<MinuteFigures> throughput(Instant since, @Nullable String queue) {
		return withLock(() -> this.jobs.throughput(since, queue));
	}

	@Override
	public List<NodeStatus> nodes(Instant now) {
		return withLock(() -> this.cluster.nodes(now, this.jobs.executingByNode()));
	}

	@Override
	public Map<String, Instant> cronTicks() {
		return withLock(this.cluster::cronTicks);
	}

	@Override
	public BulkResult retryAll(Collection<Long> ids, Instant now) {
		BulkResult result = BulkResult.NONE;
		for (long id : ids) {
			JobState before = find(id).map(Job::state).orElse(null);
			Optional<Job> after = retry(id, now);
			if (before != null && before != JobState.AVAILABLE && after.isPresent()
					&& after.get().state() == JobState.AVAILABLE) {
				result = result.plus(new BulkResult(1, Set.of(after.get().queue())));
			}
		}
		return result;
	}

	@Override
	public BulkResult cancelAll(Collection<Long> ids, Instant now) {
		BulkResult result = BulkResult.NONE;
		for (long id : ids) {
			boolean wasCancelRequested = find(id).map(Job::cancelRequested).orElse(true);
			Optional<Job> after = cancel(id, now);
			if (after.isPresent() && (after.get().state() == JobState.CANCELLED && now.equals(after.get().finishedAt())
					|| after.get().cancelRequested() && !wasCancelRequested)) {
				result = result.plus(new BulkResult(1, Set.of(after.get().queue())));
			}
		}
		return result;
	}

	@Override
	public BulkResult deleteAll(Collection<Long> ids, Instant now) {
		BulkResult deleted = withLock(() -> {
			BulkResult result = BulkResult.NONE;
			for (long id : ids) {
				String queue = this.jobs.delete(id, now);
				if (queue != null) {
					result = result.plus(new BulkResult(1, Set.of(queue)));
				}
			}
			return result;
		});
		publishReleased();
		return deleted;
	}

	@Override
	public void saveProgress(List<JobProgress> reports) {
		withLock(() -> {
			this.jobs.saveProgress(reports);
			return null;
		});
	}

	@Override
	public Optional<JobProgress> findProgress(long id) {
		return withLock(() -> this.jobs.findProgress(id));
	}

	@Override
	public Optional<JobNotifier> notifier() {
		return Optional.of(this);
	}

	@Override
	public Subscription subscribe(Listener listener) {
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	/**
	 * How many jobs the store holds, finished or not.
	 * @return the count
	 */
	public int size() {
		return withLock(this.jobs::size);
	}

	private void publishAvailable(String queue) {
		this.listeners.forEach((listener) -> listener.jobsAvailable(queue));
	}

	private void locked(Runnable action) {
		withLock(() -> {
			action.run();
			return null;
		});
	}

	private <T> T withLock(Supplier<T> action) {
		this.lock.lock();
		try {
			return action.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Settings of the memory store.
	 *
	 * @param maxJobs the most unfinished jobs it holds
	 * @param enqueueTimeout how long enqueue waits for room when it is full
	 */
	public record Config(int maxJobs, Duration enqueueTimeout) {

		/** Default of {@code maxJobs}. */
		public static final int DEFAULT_MAX_JOBS = 100_000;

		/** Default of {@code enqueueTimeout}. */
		public static final Duration DEFAULT_ENQUEUE_TIMEOUT = Duration.ofSeconds(5);

		public static final Config DEFAULT = new Config(DEFAULT_MAX_JOBS, DEFAULT_ENQUEUE_TIMEOUT);

		public Config {
			if (maxJobs < 1) {
				throw new IllegalArgumentException("maxJobs must be at least 1, but was " + maxJobs);
			}
			Objects.requireNonNull(enqueueTimeout, "enqueueTimeout must not be null");
			if (enqueueTimeout.isNegative()) {
				throw new IllegalArgumentException("enqueueTimeout must not be negative, but was " + enqueueTimeout);
			}
		}

	}

}
