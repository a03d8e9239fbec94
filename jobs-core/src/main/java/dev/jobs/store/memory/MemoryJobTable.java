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
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitPlan;
import dev.jobs.limit.LimitUsage;
import dev.jobs.store.Completion;
import dev.jobs.store.Dependencies;
import dev.jobs.store.FetchParams;
import dev.jobs.store.FetchResult;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobCount;
import dev.jobs.store.JobFilter;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.MinuteFigures;
import dev.jobs.store.PruneParams;
import dev.jobs.store.QueueStats;
import dev.jobs.store.RescueParams;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import dev.jobs.store.StatsParams;
import dev.jobs.store.WorkflowStep;
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

	private final MemoryDependencies dependencies = new MemoryDependencies();

	/** Workflow id to its steps, oldest first. */
	private final Map<Long, List<MemoryJobRow>> workflows = new HashMap<>();

	/**
	 * Queues that got jobs released by their dependencies, until the store takes them.
	 */
	private final Set<String> released = new LinkedHashSet<>();

	/** Executing jobs in id order, which limits count. */
	private final NavigableMap<Long, MemoryJobRow> executing = new TreeMap<>();

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
		checkDependencies(params);
		checkSteps(params);
		List<MemoryJobRow> rows = new ArrayList<>(params.jobs().size());
		List<Job> stored = new ArrayList<>(params.jobs().size());
		Long newWorkflow = null;
		for (JobInsert insert : params.jobs()) {
			long next = this.nextId;
			MemoryJobRow row = insertOne(insert, params.now());
			// A job that found its unique key taken returns the holder: that one waits
			// for its own dependencies, if any.
			boolean inserted = this.nextId != next;
			WorkflowStep step = insert.step();
			if (inserted && step != null) {
				if (step.workflowId() == 0 && newWorkflow == null) {
					newWorkflow = row.id;
				}
				row.workflowId = (step.workflowId() != 0) ? step.workflowId() : newWorkflow;
				row.step = step.name();
				row.awaitsAdded = step.awaitsAdded();
				this.workflows.computeIfAbsent(row.workflowId, (id) -> new ArrayList<>()).add(row);
			}
			if (inserted && !insert.dependencies().isEmpty()) {
				waitForDependencies(row, insert.dependencies(), rows, params.now());
			}
			if (inserted && step != null && step.workflowId() != 0) {
				awaitedByWaitingSteps(row, step.workflowId(), params.now());
			}
			rows.add(row);
			stored.add(row.toJob());
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

	/**
	 * Steps added to a workflow whose awaiting steps no longer wait are refused, before
	 * anything is inserted.
	 */
	private void checkSteps(InsertParams params) {
		for (JobInsert insert : params.jobs()) {
			WorkflowStep step = insert.step();
			if (step != null && step.workflowId() != 0) {
				List<MemoryJobRow> awaiting = awaitingSteps(step.workflowId());
				if (!awaiting.isEmpty() && awaiting.stream().noneMatch((row) -> row.state == JobState.PENDING)) {
					throw new IllegalStateException(WorkflowStep.tooLateMessage(step.workflowId()));
				}
			}
		}
	}

	private List<MemoryJobRow> awaitingSteps(long workflowId) {
		return this.workflows.getOrDefault(workflowId, List.of()).stream().filter((row) -> row.awaitsAdded).toList();
	}

	/** The workflow's pending steps that await added steps wait for this one too. */
	private void awaitedByWaitingSteps(MemoryJobRow row, long workflowId, Instant now) {
		for (MemoryJobRow awaiting : awaitingSteps(workflowId)) {
			if (awaiting.state != JobState.PENDING || awaiting == row) {
				continue;
			}
			this.dependencies.add(awaiting.id, row.id, this.dependencies.runsAnyway(awaiting.id));
			awaiting.pendingDependencies++;
			row.hasDependents = true;
		}
		if (row.state.isFinal()) {
			settleDependents(List.of(row), now);
		}
	}

	List<Job> workflow(long workflowId) {
		return this.workflows.getOrDefault(workflowId, List.of()).stream().map(MemoryJobRow::toJob).toList();
	}

	/** Fail before anything is inserted, as a rolled back transaction would. */
	private void checkDependencies(InsertParams params) {
		for (int i = 0; i < params.jobs().size(); i++) {
			Dependencies wanted = params.jobs().get(i).dependencies();
			for (long id : wanted.ids()) {
				if (!this.rows.containsKey(id)) {
					throw new IllegalArgumentException(Dependencies.missingMessage(id));
				}
			}
			for (int position : wanted.earlier()) {
				if (position >= i) {
					throw new IllegalArgumentException(Dependencies.laterMessage(i, position));
				}
			}
		}
	}

	/**
	 * Make a new job wait for its dependencies: pending while any is unfinished,
	 * cancelled at once if one failed (unless it runs anyway), as inserted otherwise.
	 */
	private void waitForDependencies(MemoryJobRow row, Dependencies wanted, List<MemoryJobRow> inserted, Instant now) {
		Set<Long> ids = new LinkedHashSet<>(wanted.ids());
		wanted.earlier().forEach((position) -> ids.add(inserted.get(position).id));
		int unfinished = 0;
		MemoryJobRow failed = null;
		for (long id : ids) {
			MemoryJobRow dependency = this.rows.get(id);
			dependency.hasDependents = true;
			this.dependencies.add(row.id, id, wanted.runAnyway());
			if (!dependency.state.isFinal()) {
				unfinished++;
			}
			else if (dependency.state != JobState.COMPLETED && !wanted.runAnyway() && failed == null) {
				failed = dependency;
			}
		}
		if (failed != null) {
			unindex(row);
			cancelForDependency(row, failed, now);
			index(row);
		}
		else if (unfinished > 0) {
			unindex(row);
			row.state = JobState.PENDING;
			row.pendingDependencies = unfinished;
			index(row);
		}
	}

	private static void cancelForDependency(MemoryJobRow row, MemoryJobRow dependency, Instant now) {
		row.state = JobState.CANCELLED;
		row.finishedAt = now;
		row.pendingDependencies = 0;
		row.errors
			.add(new JobError(row.attempt, now, Dependencies.failedMessage(dependency.id, dependency.state), null));
	}

	/**
	 * Tell the jobs that wait for finished jobs: a completed one (or a failed one, for
	 * jobs that run anyway) counts down, and the last releases the waiting job; a failed
	 * one cancels its waiting jobs, and so on down the graph.
	 * @param finished jobs that reached a final state
	 * @param now the time
	 */
	private void settleDependents(List<MemoryJobRow> finished, Instant now) {
		List<MemoryJobRow> frontier = finished;
		while (!frontier.isEmpty()) {
			List<MemoryJobRow> next = new ArrayList<>();
			for (MemoryJobRow dependency : frontier) {
				if (!dependency.hasDependents) {
					continue;
				}
				for (MemoryDependencies.Edge edge : this.dependencies.dependentsOf(dependency.id)) {
					MemoryJobRow waiting = this.rows.get(edge.job());
					if (waiting == null || waiting.state != JobState.PENDING) {
						continue;
					}
					unindex(waiting);
					if (dependency.state != JobState.COMPLETED && !edge.runAnyway()) {
						cancelForDependency(waiting, dependency, now);
						next.add(waiting);
					}
					else if (--waiting.pendingDependencies <= 0) {
						waiting.pendingDependencies = 0;
						waiting.state = waiting.scheduledAt.isAfter(now) ? JobState.SCHEDULED : JobState.AVAILABLE;
						if (waiting.state == JobState.AVAILABLE) {
							this.released.add(waiting.queue);
						}
					}
					index(waiting);
				}
			}
			frontier = next;
		}
	}

	/**
	 * The queues that got jobs released since the last call.
	 * @return the queues
	 */
	Set<String> takeReleased() {
		Set<String> queues = Set.copyOf(this.released);
		this.released.clear();
		return queues;
	}

	List<Job> dependencies(long id) {
		return this.dependencies.dependenciesOf(id)
			.stream()
			.map(this.rows::get)
			.filter((row) -> row != null)
			.map(MemoryJobRow::toJob)
			.toList();
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
			claimed.add(markExecuting(queue.first(), params));
		}
		return claimed;
	}

	/**
	 * Claim within limits: skip past the jobs a limit holds back, to the ones behind.
	 * @param params the claim, with its limits
	 * @param starts the starts of rate-limited kinds
	 * @return the claimed jobs, and when a full rate window opens
	 */
	FetchResult claimWithinLimits(FetchParams params, MemoryStartLog starts) {
		LimitPlan plan = new LimitPlan(params.limits(), params.now());
		for (MemoryJobRow row : this.executing.values()) {
			if (params.limits().find(row.kind) != null && !params.ended().contains(row.id)) {
				plan.executing(row.kind, row.limitKey, 1);
			}
		}
		starts.load(plan, params.limits(), params.now());
		plan.checkLoaded();
		TreeSet<MemoryJobRow> queue = this.available.get(params.queue());
		List<MemoryJobRow> taken = new ArrayList<>();
		if (queue != null) {
			for (MemoryJobRow row : queue) {
				if (taken.size() == params.limit()) {
					break;
				}
				if (plan.tryTake(row.kind, row.limitKey)) {
					taken.add(row);
				}
			}
		}
		List<Job> claimed = new ArrayList<>(taken.size());
		taken.forEach((row) -> claimed.add(markExecuting(row, params)));
		starts.record(plan.starts(), params.now());
		return new FetchResult(claimed, plan.retryAt(), plan.isHolding());
	}

	/**
	 * Usage of each limit now.
	 * @param limits the limits
	 * @param starts the starts of rate-limited kinds
	 * @param now the end of the rate windows
	 * @return the usage
	 */
	List<LimitUsage> limitUsage(JobLimits limits, MemoryStartLog starts, Instant now) {
		return MemoryLimitUsage.of(limits, this.executing.values(),
				this.available.values().stream().flatMap(TreeSet::stream).toList(), starts, now);
	}

	private Job markExecuting(MemoryJobRow row, FetchParams params) {
		unindex(row);
		row.state = JobState.EXECUTING;
		row.attempt++;
		row.attemptedAt = params.now();
		row.attemptedBy = params.nodeId();
		index(row);
		return row.toJob();
	}

	int complete(List<Completion> completions) {
		int updated = 0;
		List<MemoryJobRow> finished = new ArrayList<>();
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
			if (completion.value() != null) {
				row.result = completion.value();
			}
			if (row.cancelRequested && row.state.isWaiting()) {
				// Cancelled while running and not completed: it must not run again.
				row.state = JobState.CANCELLED;
				row.finishedAt = completion.at();
			}
			row.cancelRequested = false;
			index(row);
			if (row.state.isFinal()) {
				finished.add(row);
			}
			updated++;
		}
		if (!finished.isEmpty()) {
			settleDependents(finished, completions.get(0).at());
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
			row.errors.add(new JobError(row.attempt, params.now(), MemoryJobStore.rescueMessage(row.attemptedBy), null,
					row.attemptedBy, row.attemptedAt));
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
		settleDependents(executing.stream().filter((row) -> row.state.isFinal()).toList(), params.now());
		return rescued;
	}

	int prune(PruneParams params) {
		List<MemoryJobRow> expired = this.rows.values()
			.stream()
			.filter((row) -> isExpired(row, params) && !neededByWaitingJob(row))
			.limit(params.limit())
			.toList();
		expired.forEach(this::remove);
		return expired.size();
	}

	/** A finished job whose result an unfinished dependent may still read. */
	private boolean neededByWaitingJob(MemoryJobRow row) {
		if (!row.hasDependents) {
			return false;
		}
		for (MemoryDependencies.Edge edge : this.dependencies.dependentsOf(row.id)) {
			MemoryJobRow dependent = this.rows.get(edge.job());
			if (dependent != null && !dependent.state.isFinal()) {
				return true;
			}
		}
		return false;
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
		if (row.state.isWaiting() || row.state == JobState.PENDING) {
			unindex(row);
			row.state = JobState.CANCELLED;
			row.finishedAt = now;
			row.pendingDependencies = 0;
			index(row);
			settleDependents(List.of(row), now);
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
			row.pendingDependencies = 0;
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

	int deleteAvailable(String queue, Instant now) {
		return delete(List.copyOf(this.available.getOrDefault(queue, new TreeSet<>(MemoryJobRow.CLAIM_ORDER))), now);
	}

	int deleteWaiting(String queue, Instant now) {
		// The doomed jobs are picked before any is deleted: a waiting job released by
		// the settling of a deleted one is not one of them.
		List<MemoryJobRow> doomed = new ArrayList<>(this.available.getOrDefault(queue, new TreeSet<>()));
		this.due.stream().filter((row) -> row.queue.equals(queue)).forEach(doomed::add);
		return delete(doomed, now);
	}

	private int delete(List<MemoryJobRow> doomed, Instant now) {
		doomed.forEach((row) -> delete(row, now));
		return doomed.size();
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
		return MemoryQueueFigures.count(this.rows.values(), params);
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
			.map(MemoryJobRow::toJob)
			.filter(params.filter()::matches)
			.limit(params.limit())
			.toList();
	}

	JobCount count(JobFilter filter, long limit) {
		long counted = this.rows.values()
			.stream()
			.map(MemoryJobRow::toJob)
			.filter(filter::matches)
			.limit(limit)
			.count();
		return JobCount.of(counted, limit);
	}

	List<MinuteFigures> throughput(Instant since, @Nullable String queue) {
		return MemoryQueueFigures.throughput(this.rows.values(), since, queue);
	}

	Map<String, Map<String, Long>> executingByNode() {
		Map<String, Map<String, Long>> byNode = new HashMap<>();
		for (MemoryJobRow row : this.rows.values()) {
			if (row.state == JobState.EXECUTING && row.attemptedBy != null) {
				byNode.computeIfAbsent(row.attemptedBy, (node) -> new HashMap<>()).merge(row.queue, 1L, Long::sum);
			}
		}
		return byNode;
	}

	/**
	 * Delete a job unless it is executing.
	 * @return the deleted job's queue, or {@code null} if nothing was deleted
	 */
	@Nullable String delete(long id, Instant now) {
		MemoryJobRow row = this.rows.get(id);
		if (row == null || row.state == JobState.EXECUTING) {
			return null;
		}
		delete(row, now);
		return row.queue;
	}

	/**
	 * Delete a job; the jobs that wait for it, if it had not finished, are settled as if
	 * it had been cancelled, so that none waits for a job that no longer exists.
	 */
	private void delete(MemoryJobRow row, Instant now) {
		if (row.hasDependents && !row.state.isFinal()) {
			unindex(row);
			row.state = JobState.CANCELLED;
			index(row);
			settleDependents(List.of(row), now);
		}
		remove(row);
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
		this.dependencies.forget(row.id);
		if (row.workflowId != null) {
			List<MemoryJobRow> steps = this.workflows.get(row.workflowId);
			steps.remove(row);
			if (steps.isEmpty()) {
				this.workflows.remove(row.workflowId);
			}
		}
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
			case EXECUTING -> this.executing.put(row.id, row);
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
			case EXECUTING -> this.executing.remove(row.id);
			default -> {
			}
		}
		if (row.uniqueKey != null && this.uniqueHolders.get(row.uniqueKey) == row) {
			this.uniqueHolders.remove(row.uniqueKey);
		}
	}

}
