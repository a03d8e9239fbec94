package dev.jobs.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobState;
import dev.jobs.JobsException;
import dev.jobs.UniqueStrategy;
import org.jspecify.annotations.Nullable;

/**
 * A store in the process's memory: for tests, development and work that may be lost with
 * the process. Not durable. Thread-safe behind one lock; bounded, with back-pressure:
 * when {@code maxJobs} jobs are unfinished, enqueue waits up to {@code enqueueTimeout}
 * for room, then fails.
 */
public final class MemoryJobStore implements JobStore, JobNotifier {

	private static final Comparator<MemoryJobRow> CLAIM_ORDER = Comparator
		.comparingInt((MemoryJobRow row) -> -row.priority)
		.thenComparing((row) -> row.scheduledAt)
		.thenComparingLong((row) -> row.id);

	private static final Comparator<MemoryJobRow> DUE_ORDER = Comparator
		.comparing((MemoryJobRow row) -> row.scheduledAt)
		.thenComparingLong((row) -> row.id);

	private final Config config;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition roomFreed = this.lock.newCondition();

	private final NavigableMap<Long, MemoryJobRow> rows = new TreeMap<>();

	private final Map<String, TreeSet<MemoryJobRow>> available = new HashMap<>();

	private final TreeSet<MemoryJobRow> due = new TreeSet<>(DUE_ORDER);

	private final Map<String, MemoryJobRow> uniqueHolders = new HashMap<>();

	private final Map<String, Instant> nodes = new HashMap<>();

	private final Set<String> paused = new HashSet<>();

	private final Map<String, Instant> cronTicks = new HashMap<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private long nextId = 1;

	private int unfinished;

	private @Nullable String leader;

	private Instant leaseUntil = Instant.MIN;

	public MemoryJobStore() {
		this(Config.DEFAULT);
	}

	public MemoryJobStore(Config config) {
		this.config = Objects.requireNonNull(config, "config must not be null");
	}

	@Override
	public List<Job> insert(InsertParams params) {
		List<Job> stored = new ArrayList<>(params.jobs().size());
		Set<String> woken = new LinkedHashSet<>();
		this.lock.lock();
		try {
			awaitRoom(params.jobs().size());
			for (JobInsert insert : params.jobs()) {
				MemoryJobRow row = insertOne(insert, params.now());
				if (row.state == JobState.AVAILABLE) {
					woken.add(row.queue);
				}
				stored.add(row.toJob());
			}
		}
		finally {
			this.lock.unlock();
		}
		woken.forEach(this::publishAvailable);
		return stored;
	}

	private void awaitRoom(int wanted) {
		if (wanted > this.config.maxJobs()) {
			throw new JobsException("Cannot enqueue " + wanted + " jobs at once: the memory job store holds at most "
					+ this.config.maxJobs() + " unfinished jobs; enqueue fewer, or raise maxJobs");
		}
		long nanos = this.config.enqueueTimeout().toNanos();
		while (this.unfinished + wanted > this.config.maxJobs()) {
			if (nanos <= 0) {
				throw new JobsException("The memory job store is full: " + this.unfinished
						+ " unfinished jobs, the limit is " + this.config.maxJobs() + ", and enqueue waited "
						+ this.config.enqueueTimeout() + " for room; add workers, or raise maxJobs");
			}
			try {
				nanos = this.roomFreed.awaitNanos(nanos);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new JobsException("Interrupted while waiting for room in the memory job store", ex);
			}
		}
	}

	private MemoryJobRow insertOne(JobInsert insert, Instant now) {
		MemoryJobRow holder = (insert.uniqueKey() != null) ? this.uniqueHolders.get(insert.uniqueKey()) : null;
		if (holder != null) {
			if (insert.uniqueStrategy() == UniqueStrategy.REPLACE && holder.state.isWaiting()) {
				unindex(holder);
				holder.args = insert.args();
				holder.priority = insert.priority();
				holder.maxAttempts = insert.maxAttempts();
				holder.timeout = insert.timeout();
				holder.scheduledAt = insert.scheduledAt();
				holder.state = insert.scheduledAt().isAfter(now) ? JobState.SCHEDULED : JobState.AVAILABLE;
				index(holder);
			}
			return holder;
		}
		MemoryJobRow row = new MemoryJobRow(this.nextId++, insert, now);
		this.rows.put(row.id, row);
		this.unfinished++;
		index(row);
		return row;
	}

	@Override
	public List<Job> fetch(FetchParams params) {
		return withLock(() -> {
			if (this.paused.contains(params.queue())) {
				return List.of();
			}
			TreeSet<MemoryJobRow> queue = this.available.get(params.queue());
			if (queue == null || queue.isEmpty()) {
				return List.of();
			}
			List<Job> claimed = new ArrayList<>(Math.min(params.limit(), queue.size()));
			while (claimed.size() < params.limit() && !queue.isEmpty()) {
				MemoryJobRow row = queue.first();
				unindex(row);
				row.state = JobState.EXECUTING;
				row.attempt++;
				row.attemptedAt = params.now();
				row.attemptedBy = params.nodeId();
				index(row);
				claimed.add(row.toJob());
			}
			return claimed;
		});
	}

	@Override
	public int complete(List<Completion> completions) {
		int updated = 0;
		this.lock.lock();
		try {
			for (Completion completion : completions) {
				MemoryJobRow row = this.rows.get(completion.id());
				if (row == null || row.state != JobState.EXECUTING || row.attempt != completion.attempt()
						|| completion.claimedAt() == null || !completion.claimedAt().equals(row.attemptedAt)) {
					continue;
				}
				unindex(row);
				Completion.Result result = completion.result();
				row.state = result.state();
				if (result.givesBackAttempt()) {
					row.attempt = Math.max(0, row.attempt - 1);
				}
				if (completion.scheduledAt() != null) {
					row.scheduledAt = completion.scheduledAt();
				}
				if (result.state().isFinal()) {
					row.finishedAt = completion.at();
				}
				if (completion.error() != null) {
					row.errors.add(completion.error());
				}
				if (row.cancelRequested && row.state.isWaiting()) {
					// Cancelled while running, and the attempt did not complete: it must
					// not run again.
					row.state = JobState.CANCELLED;
					row.finishedAt = completion.at();
				}
				row.cancelRequested = false;
				index(row);
				updated++;
			}
		}
		finally {
			this.lock.unlock();
		}
		return updated;
	}

	@Override
	public StageResult stage(StageParams params) {
		Set<String> queues = new LinkedHashSet<>();
		int staged = 0;
		this.lock.lock();
		try {
			while (staged < params.limit() && !this.due.isEmpty()
					&& !this.due.first().scheduledAt.isAfter(params.now())) {
				MemoryJobRow row = this.due.first();
				unindex(row);
				row.state = JobState.AVAILABLE;
				index(row);
				queues.add(row.queue);
				staged++;
			}
		}
		finally {
			this.lock.unlock();
		}
		queues.forEach(this::publishAvailable);
		return new StageResult(staged, queues);
	}

	@Override
	public List<Job> rescue(RescueParams params) {
		List<Job> rescued = new ArrayList<>();
		this.lock.lock();
		try {
			List<MemoryJobRow> executing = this.rows.values()
				.stream()
				.filter((row) -> row.state == JobState.EXECUTING && isDead(row.attemptedBy, params.deadBefore()))
				.limit(params.limit())
				.toList();
			for (MemoryJobRow row : executing) {
				unindex(row);
				row.errors.add(new JobError(row.attempt, params.now(), rescueMessage(row.attemptedBy), null));
				if (row.cancelRequested) {
					row.state = JobState.CANCELLED;
					row.finishedAt = params.now();
				}
				else if (row.attempt >= row.maxAttempts) {
					row.state = JobState.DISCARDED;
					row.finishedAt = params.now();
				}
				else {
					row.state = JobState.RETRYABLE;
					row.scheduledAt = params.now();
				}
				row.cancelRequested = false;
				index(row);
				rescued.add(row.toJob());
			}
		}
		finally {
			this.lock.unlock();
		}
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

	private boolean isDead(@Nullable String nodeId, Instant deadBefore) {
		Instant seen = (nodeId != null) ? this.nodes.get(nodeId) : null;
		return seen == null || seen.isBefore(deadBefore);
	}

	@Override
	public int prune(PruneParams params) {
		int deleted = 0;
		this.lock.lock();
		try {
			List<MemoryJobRow> expired = this.rows.values()
				.stream()
				.filter((row) -> isExpired(row, params))
				.limit(params.limit())
				.toList();
			for (MemoryJobRow row : expired) {
				remove(row);
				deleted++;
			}
			this.nodes.values().removeIf((seen) -> seen.isBefore(params.nodesBefore()));
		}
		finally {
			this.lock.unlock();
		}
		return deleted;
	}

	private static boolean isExpired(MemoryJobRow row, PruneParams params) {
		return switch (row.state) {
			case COMPLETED -> row.finishedAt.isBefore(params.completedBefore());
			case CANCELLED -> row.finishedAt.isBefore(params.cancelledBefore());
			case DISCARDED -> row.finishedAt.isBefore(params.discardedBefore());
			default -> false;
		};
	}

	@Override
	public Optional<Job> cancel(long id, Instant now) {
		boolean requested = false;
		Job job;
		this.lock.lock();
		try {
			MemoryJobRow row = this.rows.get(id);
			if (row == null) {
				return Optional.empty();
			}
			if (row.state.isWaiting()) {
				unindex(row);
				row.state = JobState.CANCELLED;
				row.finishedAt = now;
				index(row);
			}
			else if (row.state == JobState.EXECUTING) {
				row.cancelRequested = true;
				requested = true;
			}
			job = row.toJob();
		}
		finally {
			this.lock.unlock();
		}
		if (requested) {
			this.listeners.forEach((listener) -> listener.cancelRequested(id));
		}
		return Optional.of(job);
	}

	@Override
	public Optional<Job> retry(long id, Instant now) {
		Job job;
		this.lock.lock();
		try {
			MemoryJobRow row = this.rows.get(id);
			if (row != null && row.state.isFinal()) {
				awaitRoom(1);
				// Waiting released the lock: the job may have been pruned or retried
				// meanwhile.
				row = this.rows.get(id);
			}
			if (row == null) {
				return Optional.empty();
			}
			if (row.state != JobState.EXECUTING && row.state != JobState.AVAILABLE && !uniqueKeyTakenFrom(row)) {
				unindex(row);
				row.state = JobState.AVAILABLE;
				row.scheduledAt = now;
				row.finishedAt = null;
				if (row.attempt >= row.maxAttempts) {
					row.maxAttempts = row.attempt + 1;
				}
				index(row);
			}
			job = row.toJob();
		}
		finally {
			this.lock.unlock();
		}
		if (job.state() == JobState.AVAILABLE) {
			publishAvailable(job.queue());
		}
		return Optional.of(job);
	}

	private boolean uniqueKeyTakenFrom(MemoryJobRow row) {
		MemoryJobRow holder = (row.uniqueKey != null) ? this.uniqueHolders.get(row.uniqueKey) : null;
		return holder != null && holder != row;
	}

	@Override
	public void heartbeat(String nodeId, Instant now) {
		locked(() -> this.nodes.put(nodeId, now));
	}

	@Override
	public void deregister(String nodeId) {
		locked(() -> this.nodes.remove(nodeId));
	}

	@Override
	public Set<Long> cancelRequested(String nodeId) {
		return withLock(() -> {
			Set<Long> ids = new HashSet<>();
			for (MemoryJobRow row : this.rows.values()) {
				if (row.cancelRequested && row.state == JobState.EXECUTING && nodeId.equals(row.attemptedBy)) {
					ids.add(row.id);
				}
			}
			return ids;
		});
	}

	@Override
	public boolean elect(ElectParams params) {
		return withLock(() -> {
			if (this.leader == null || params.nodeId().equals(this.leader) || !this.leaseUntil.isAfter(params.now())) {
				this.leader = params.nodeId();
				this.leaseUntil = params.now().plus(params.ttl());
				return true;
			}
			return false;
		});
	}

	@Override
	public void resign(String nodeId) {
		locked(() -> {
			if (nodeId.equals(this.leader)) {
				this.leader = null;
				this.leaseUntil = Instant.MIN;
			}
		});
	}

	@Override
	public boolean recordCronTick(String name, Instant tick) {
		return withLock(() -> {
			Instant last = this.cronTicks.get(name);
			if (last != null && !last.isBefore(tick)) {
				return false;
			}
			this.cronTicks.put(name, tick);
			return true;
		});
	}

	@Override
	public void setPaused(String queue, boolean paused) {
		locked(() -> {
			if (paused) {
				this.paused.add(queue);
			}
			else {
				this.paused.remove(queue);
			}
		});
		if (!paused) {
			publishAvailable(queue);
		}
	}

	@Override
	public Set<String> pausedQueues() {
		return withLock(() -> {
			return Set.copyOf(this.paused);
		});
	}

	@Override
	public int deleteAvailable(String queue) {
		return withLock(() -> {
			TreeSet<MemoryJobRow> waiting = this.available.get(queue);
			if (waiting == null) {
				return 0;
			}
			List<MemoryJobRow> doomed = List.copyOf(waiting);
			doomed.forEach(this::remove);
			return doomed.size();
		});
	}

	@Override
	public List<QueueStats> stats(StatsParams params) {
		return withLock(() -> {
			Map<String, MemoryQueueFigures> figures = new TreeMap<>();
			for (MemoryJobRow row : this.rows.values()) {
				figures.computeIfAbsent(row.queue, (queue) -> new MemoryQueueFigures()).add(row, params.since());
			}
			List<QueueStats> stats = new ArrayList<>(figures.size());
			figures.forEach((queue, queueFigures) -> stats.add(queueFigures.toStats(queue)));
			return stats;
		});
	}

	@Override
	public Optional<Job> find(long id) {
		return withLock(() -> {
			return Optional.ofNullable(this.rows.get(id)).map(MemoryJobRow::toJob);
		});
	}

	@Override
	public List<Job> list(ListParams params) {
		return withLock(() -> {
			NavigableMap<Long, MemoryJobRow> candidates = (params.beforeId() != null)
					? this.rows.headMap(params.beforeId(), false) : this.rows;
			return candidates.descendingMap()
				.values()
				.stream()
				.filter((row) -> params.queue() == null || params.queue().equals(row.queue))
				.filter((row) -> params.state() == null || params.state() == row.state)
				.filter((row) -> params.attemptedBy() == null || params.attemptedBy().equals(row.attemptedBy))
				.limit(params.limit())
				.map(MemoryJobRow::toJob)
				.toList();
		});
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
		return withLock(() -> {
			return this.rows.size();
		});
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

	private void remove(MemoryJobRow row) {
		unindex(row);
		this.rows.remove(row.id);
		if (!row.state.isFinal()) {
			this.unfinished--;
			this.roomFreed.signalAll();
		}
	}

	private void index(MemoryJobRow row) {
		switch (row.state) {
			case AVAILABLE -> this.available.computeIfAbsent(row.queue, (queue) -> new TreeSet<>(CLAIM_ORDER)).add(row);
			case SCHEDULED, RETRYABLE -> this.due.add(row);
			default -> {
			}
		}
		if (row.uniqueKey != null && UNIQUE_STATES.contains(row.state)) {
			this.uniqueHolders.put(row.uniqueKey, row);
		}
		if (row.state.isFinal() && !row.countedFinal) {
			row.countedFinal = true;
			this.unfinished--;
			this.roomFreed.signalAll();
		}
		else if (!row.state.isFinal() && row.countedFinal) {
			row.countedFinal = false;
			this.unfinished++;
		}
	}

	private void unindex(MemoryJobRow row) {
		switch (row.state) {
			case AVAILABLE -> {
				TreeSet<MemoryJobRow> queue = this.available.get(row.queue);
				if (queue != null) {
					queue.remove(row);
				}
			}
			case SCHEDULED, RETRYABLE -> this.due.remove(row);
			default -> {
			}
		}
		if (row.uniqueKey != null && this.uniqueHolders.get(row.uniqueKey) == row) {
			this.uniqueHolders.remove(row.uniqueKey);
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
