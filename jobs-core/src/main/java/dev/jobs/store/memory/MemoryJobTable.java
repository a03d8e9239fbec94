package dev.jobs.store.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.function.Predicate;

import dev.jobs.Job;
import dev.jobs.JobProgress;
import dev.jobs.JobError;
import dev.jobs.JobState;
import dev.jobs.JobsException;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.Completion;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.PruneParams;
import dev.jobs.store.QueueStats;
import dev.jobs.store.RescueParams;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import dev.jobs.store.StatsParams;
import org.jspecify.annotations.Nullable;

/**
 * The memory store's jobs and the indexes that find them without a scan: the available
 * jobs of each queue in claim order, the scheduled and retryable ones in due order, and
 * the holder of each unique key. Every change of a row's state goes through
 * {@link #unindex} and {@link #index}, which keep the indexes and the count of unfinished
 * jobs in step. Not thread-safe: the store calls it under its lock, whose condition it
 * waits on for room.
 */
final class MemoryJobTable {

	private final MemoryJobStore.Config config;

	private final Condition roomFreed;

	private final NavigableMap<Long, MemoryJobRow> rows = new TreeMap<>();

	private final Map<String, TreeSet<MemoryJobRow>> available = new HashMap<>();

	private final TreeSet<MemoryJobRow> due = new TreeSet<>(MemoryJobRow.DUE_ORDER);

	private final Map<String, MemoryJobRow> uniqueHolders = new HashMap<>();

	private long nextId = 1;

	private int unfinished;

	/**
	 * A table with no jobs.
	 * @param config its bounds
	 * @param roomFreed a condition of the store's lock, signalled when unfinished jobs
	 * finish or go
	 */
	MemoryJobTable(MemoryJobStore.Config config, Condition roomFreed) {
		this.config = config;
		this.roomFreed = roomFreed;
	}

	List<Job> insert(InsertParams params) {
		awaitRoom(params.jobs().size());
		List<Job> stored = new ArrayList<>(params.jobs().size());
		for (JobInsert insert : params.jobs()) {
			stored.add(insertOne(insert, params.now()).toJob());
		}
		return stored;
	}

	/**
	 * Wait until the table has room for more unfinished jobs. Waiting releases the
	 * store's lock: rows may change meanwhile.
	 */
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

	List<Job> claim(FetchParams params) {
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
	}

	int complete(List<Completion> completions) {
		int updated = 0;
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
				// Cancelled while running and not completed: it must not run again.
				row.state = JobState.CANCELLED;
				row.finishedAt = completion.at();
			}
			row.cancelRequested = false;
			index(row);
			updated++;
		}
		return updated;
	}

	Optional<Instant> nextDue(Instant before) {
		if (this.due.isEmpty() || !this.due.first().scheduledAt.isBefore(before)) {
			return Optional.empty();
		}
		return Optional.of(this.due.first().scheduledAt);
	}

	StageResult stage(StageParams params) {
		Set<String> queues = new LinkedHashSet<>();
		int staged = 0;
		while (staged < params.limit() && !this.due.isEmpty() && !this.due.first().scheduledAt.isAfter(params.now())) {
			MemoryJobRow row = this.due.first();
			unindex(row);
			row.state = JobState.AVAILABLE;
			index(row);
			queues.add(row.queue);
			staged++;
		}
		return new StageResult(staged, queues);
	}

	/**
	 * Hand back the executing jobs of dead nodes.
	 * @param params the time and the batch size
	 * @param isDead whether the node that claimed a job (if any) is dead
	 * @return the rescued jobs
	 */
	List<Job> rescue(RescueParams params, Predicate<@Nullable String> isDead) {
		List<MemoryJobRow> executing = this.rows.values()
			.stream()
			.filter((row) -> row.state == JobState.EXECUTING && isDead.test(row.attemptedBy))
			.limit(params.limit())
			.toList();
		List<Job> rescued = new ArrayList<>(executing.size());
		for (MemoryJobRow row : executing) {
			unindex(row);
			row.errors
				.add(new JobError(row.attempt, params.now(), MemoryJobStore.rescueMessage(row.attemptedBy), null));
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
		return rescued;
	}

	int prune(PruneParams params) {
		List<MemoryJobRow> expired = this.rows.values()
			.stream()
			.filter((row) -> isExpired(row, params))
			.limit(params.limit())
			.toList();
		expired.forEach(this::remove);
		return expired.size();
	}

	private static boolean isExpired(MemoryJobRow row, PruneParams params) {
		return switch (row.state) {
			case COMPLETED -> row.finishedAt.isBefore(params.completedBefore());
			case CANCELLED -> row.finishedAt.isBefore(params.cancelledBefore());
			case DISCARDED -> row.finishedAt.isBefore(params.discardedBefore());
			default -> false;
		};
	}

	Optional<Job> cancel(long id, Instant now) {
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
		}
		return Optional.of(row.toJob());
	}

	Optional<Job> retry(long id, Instant now) {
		MemoryJobRow row = this.rows.get(id);
		if (row != null && row.state.isFinal()) {
			awaitRoom(1);
			// Waiting released the lock: the job may be pruned or retried by now.
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
		return Optional.of(row.toJob());
	}

	private boolean uniqueKeyTakenFrom(MemoryJobRow row) {
		MemoryJobRow holder = (row.uniqueKey != null) ? this.uniqueHolders.get(row.uniqueKey) : null;
		return holder != null && holder != row;
	}

	int deleteAvailable(String queue) {
		TreeSet<MemoryJobRow> waiting = this.available.get(queue);
		if (waiting == null) {
			return 0;
		}
		List<MemoryJobRow> doomed = List.copyOf(waiting);
		doomed.forEach(this::remove);
		return doomed.size();
	}

	int deleteWaiting(String queue) {
		int deleted = deleteAvailable(queue);
		List<MemoryJobRow> doomed = this.due.stream().filter((row) -> row.queue.equals(queue)).toList();
		doomed.forEach(this::remove);
		return deleted + doomed.size();
	}

	Set<Long> cancelRequested(String nodeId) {
		Set<Long> ids = new HashSet<>();
		for (MemoryJobRow row : this.rows.values()) {
			if (row.cancelRequested && row.state == JobState.EXECUTING && nodeId.equals(row.attemptedBy)) {
				ids.add(row.id);
			}
		}
		return ids;
	}

	List<QueueStats> stats(StatsParams params) {
		return MemoryQueueFigures.count(this.rows.values(), params.since());
	}

	Optional<Job> find(long id) {
		return Optional.ofNullable(this.rows.get(id)).map(MemoryJobRow::toJob);
	}

	List<Job> list(ListParams params) {
		NavigableMap<Long, MemoryJobRow> candidates = (params.beforeId() != null)
				? this.rows.headMap(params.beforeId(), false) : this.rows;
		return candidates.descendingMap()
			.values()
			.stream()
			.filter((row) -> params.queue() == null || params.queue().equals(row.queue))
			.filter((row) -> params.state() == null || params.state() == row.state)
			.filter((row) -> params.attemptedBy() == null || params.attemptedBy().equals(row.attemptedBy))
			.filter((row) -> params.tag() == null || row.tags.contains(params.tag()))
			.limit(params.limit())
			.map(MemoryJobRow::toJob)
			.toList();
	}

	void saveProgress(List<JobProgress> reports) {
		for (JobProgress report : reports) {
			MemoryJobRow row = this.rows.get(report.jobId());
			if (row != null) {
				row.progress = report;
			}
		}
	}

	Optional<JobProgress> findProgress(long id) {
		return Optional.ofNullable(this.rows.get(id)).map((row) -> row.progress);
	}

	int size() {
		return this.rows.size();
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
			case AVAILABLE ->
				this.available.computeIfAbsent(row.queue, (queue) -> new TreeSet<>(MemoryJobRow.CLAIM_ORDER)).add(row);
			case SCHEDULED, RETRYABLE -> this.due.add(row);
			default -> {
			}
		}
		if (row.uniqueKey != null && JobStore.UNIQUE_STATES.contains(row.state)) {
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

}
