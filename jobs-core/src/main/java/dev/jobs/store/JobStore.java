package dev.jobs.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.JobProgress;
import dev.jobs.JobState;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitUsage;
import org.jspecify.annotations.Nullable;

/**
 * Where jobs live: one method per state change, each taking the time it happens so that
 * every store runs on the engine's clock. Implementations are thread-safe and guard every
 * transition by the state it leaves. {@code JobStoreContractTest} in this module's
 * test-jar is the executable specification.
 * <p>
 * Every store keeps times to at least the millisecond and the args as the same JSON value
 * (the codec's snapshot; the text may be normalized, as PostgreSQL's {@code jsonb} does
 * with whitespace and key order). Ids grow in insert order, which is what "newest first"
 * means for {@link #list}.
 */
public interface JobStore {

	/**
	 * Insert jobs in one round trip, honouring unique keys: a job whose key is held by a
	 * waiting or executing job is not inserted (or replaces the waiting one, with
	 * {@code REPLACE}); the job holding the key is returned in its place. Keys are held
	 * across kinds and queues, also between the jobs of one call.
	 * @param params the jobs
	 * @return the stored jobs, in the order given
	 */
	List<Job> insert(InsertParams params);

	/**
	 * Claim available jobs of one queue, highest priority first, then oldest scheduled,
	 * then lowest id: available to executing, attempt plus one. Jobs held by concurrent
	 * claims are skipped, never waited for. Only the state counts, not the clock: a
	 * scheduled job that is due waits for {@link #stage} like any other. A paused queue
	 * hands out nothing.
	 * @param params the claim
	 * @return the claimed jobs, as they are now
	 */
	List<Job> fetch(FetchParams params);

	/**
	 * Whether {@link #fetch} begins a claim at {@link FetchParams#after} when given one.
	 * On PostgreSQL a claim from the head of a queue walks past the index entries of
	 * every job claimed since the table's last vacuum before it finds an available one, a
	 * cost that grows by the second under load; a claim after a position descends the
	 * index to it. A producer then still claims from the head at least every 50 ms, for
	 * the jobs that became available before that position (a late commit, a staged retry,
	 * a job handed back, another priority).
	 * @return false unless the store claims after positions
	 */
	default boolean claimsAfterPosition() {
		return false;
	}

	/**
	 * Claim as {@link #fetch} does, within the claim's {@link FetchParams#limits limits}
	 * across every node: decided under a lock in the claim's transaction, so that two
	 * claims never both see room. Jobs held back by a limit stay available, spend no
	 * attempt, and are skipped, so the jobs behind them are claimed. With no limits this
	 * is {@link #fetch}.
	 * @param params the claim
	 * @return the claimed jobs, and when a full rate window opens
	 * @throws UnsupportedOperationException if limits are given and the store cannot
	 * enforce them
	 */
	default FetchResult fetchWithinLimits(FetchParams params) {
		if (params.limits().isEmpty()) {
			return FetchResult.unlimited(fetch(params));
		}
		throw new UnsupportedOperationException(getClass().getName() + " does not enforce job limits; "
				+ "use JdbcJobStore or MemoryJobStore, or configure no limits");
	}

	/**
	 * How much of each limit is used now, and how many jobs wait on it.
	 * @param limits the limits
	 * @param now the time rate windows end at
	 * @return one entry per kind-wide limit, and per key that runs or waits
	 */
	default List<LimitUsage> limitUsage(JobLimits limits, Instant now) {
		return List.of();
	}

	/**
	 * Record the outcomes of attempts, each only if its job is still executing the
	 * attempt the outcome belongs to. An outcome also clears the job's
	 * {@code cancelRequested} flag.
	 * @param completions the outcomes
	 * @return how many jobs were updated
	 */
	int complete(List<Completion> completions);

	/**
	 * Move due scheduled and retryable jobs to available.
	 * @param params the time and the batch size
	 * @return what moved
	 */
	StageResult stage(StageParams params);

	/**
	 * When the next scheduled or retryable job falls due, if before {@code before}: the
	 * stager sleeps until then rather than a whole interval. Jobs already due count.
	 * Called once per stager tick on an idle cluster, so it must be a cheap indexed read.
	 * @param before the end of the window looked at
	 * @return the earliest due time in the window, or empty
	 */
	Optional<Instant> nextDue(Instant before);

	/**
	 * Hand back the executing jobs of dead nodes. A node heard from exactly at
	 * {@code deadBefore} is alive.
	 * {@link dev.jobs.store.memory.MemoryJobStore#rescueMessage(String)} words the error
	 * that every store records.
	 * @param params the time and the node expiry
	 * @return the rescued jobs, as they are now
	 */
	List<Job> rescue(RescueParams params);

	/**
	 * Delete finished jobs past their retention (a job finished exactly at its cutoff is
	 * kept), and forget nodes not heard from since {@code nodesBefore}.
	 * @param params the retention per final state
	 * @return how many jobs were deleted
	 */
	int prune(PruneParams params);

	/**
	 * Cancel a job: waiting jobs become cancelled; an executing job is flagged
	 * {@code cancelRequested} for its node to stop; finished jobs are left alone.
	 * @param id the job
	 * @param now the time
	 * @return the job after the change, or empty if it does not exist
	 */
	Optional<Job> cancel(long id, Instant now);

	/**
	 * Make a job available now. Discarded, cancelled and completed jobs run again (max
	 * attempts is raised to allow one more attempt when they are used up); waiting jobs
	 * run without waiting; available and executing jobs are left alone. Attempts and
	 * errors are kept. A finished job whose unique key another job now holds is left
	 * alone: running it again would run the unique work twice.
	 * @param id the job
	 * @param now the time
	 * @return the job after the change, or empty if it does not exist
	 */
	Optional<Job> retry(long id, Instant now);

	/**
	 * Register a node or refresh its heartbeat. The rescuer counts a node that stops
	 * heartbeating as dead.
	 * @param nodeId the node
	 * @param now the time
	 */
	void heartbeat(String nodeId, Instant now);

	/**
	 * Forget a node that stopped cleanly.
	 * @param nodeId the node
	 */
	void deregister(String nodeId);

	/**
	 * The ids of jobs executing on a node that were asked to stop.
	 * @param nodeId the node
	 * @return the ids
	 */
	Set<Long> cancelRequested(String nodeId);

	/**
	 * The ids of the jobs executing on a node that it claimed before a time: the
	 * candidates of the node's orphan check (a younger claim may still be on its way to
	 * the node's workers). By default the node's executing jobs are listed page by page.
	 * @param nodeId the node
	 * @param claimedBefore only claims made before this time
	 * @return the ids, in no particular order
	 */
	default Set<Long> executingIds(String nodeId, Instant claimedBefore) {
		int pageSize = 1_000;
		Set<Long> ids = new HashSet<>();
		Long beforeId = null;
		List<Job> page;
		do {
			page = list(ListParams.executingOn(nodeId, beforeId, pageSize));
			for (Job job : page) {
				if (job.attemptedAt() != null && job.attemptedAt().isBefore(claimedBefore)) {
					ids.add(job.id());
				}
				beforeId = job.id();
			}
		}
		while (page.size() == pageSize);
		return ids;
	}

	/**
	 * Take the leader lease if it is free or expired, or extend it if this node holds it.
	 * @param params the node, the time and the lease length
	 * @return whether the node leads after the call
	 */
	boolean elect(ElectParams params);

	/**
	 * Give up the leader lease if this node holds it, so that another node can take it
	 * over at once.
	 * @param nodeId the node
	 */
	void resign(String nodeId);

	/**
	 * Claim a recurring job's tick for the whole cluster: record that {@code tick} of
	 * entry {@code name} is enqueued, unless it or a later tick is recorded already.
	 * @param name the cron entry
	 * @param tick the tick
	 * @return whether this call claimed the tick (and so the caller enqueues it)
	 */
	boolean recordCronTick(String name, Instant tick);

	/**
	 * Pause or resume a queue for every node: a paused queue keeps its jobs, and no node
	 * claims them until it is resumed.
	 * @param queue the queue
	 * @param paused whether it is paused
	 */
	void setPaused(String queue, boolean paused);

	/**
	 * The paused queues.
	 * @return the queues
	 */
	Set<String> pausedQueues();

	/**
	 * Delete the available jobs of a queue. Jobs that wait for one of them are settled as
	 * if it had been cancelled: cancelled with an error naming it, or counted down when
	 * they run anyway.
	 * @param queue the queue
	 * @param now the time, for the errors of the jobs cancelled with them
	 * @return how many were deleted
	 */
	int deleteAvailable(String queue, Instant now);

	/**
	 * Clear a queue: delete every job of it that waits to run, whether available,
	 * scheduled or retryable. Executing jobs run on, and finished jobs stay until pruned.
	 * Jobs that wait for a deleted one are settled as {@link #deleteAvailable} says.
	 * @param queue the queue
	 * @param now the time, for the errors of the jobs cancelled with them
	 * @return how many were deleted
	 */
	int deleteWaiting(String queue, Instant now);

	/**
	 * Figures for every queue that has jobs.
	 * @param params from when to count completions and failures
	 * @return the figures, ordered by queue name
	 */
	List<QueueStats> stats(StatsParams params);

	Optional<Job> find(long id);

	/**
	 * A page of jobs, newest first.
	 * @param params the filter and the page
	 * @return the jobs
	 */
	List<Job> list(ListParams params);

	/**
	 * The jobs a job depends on, with their results: what its handler reads through
	 * {@link dev.jobs.JobContext#dependencyResult}. A store without dependencies has
	 * none.
	 * @param id the job
	 * @return the dependencies that still exist, in no particular order
	 */
	default List<Job> dependencies(long id) {
		return List.of();
	}

	/**
	 * The steps of a workflow.
	 * @param workflowId the workflow
	 * @return its jobs, oldest first; empty if there is no such workflow
	 */
	default List<Job> workflow(long workflowId) {
		return List.of();
	}

	/**
	 * Count the jobs that match a filter, stopping at a limit so that a broad filter on a
	 * big table costs at most {@code limit} index entries.
	 * @param filter which jobs
	 * @param limit where to stop counting
	 * @return the count, flagged when it reached the limit
	 */
	JobCount count(JobFilter filter, long limit);

	/**
	 * Completions and failures by minute, for the minutes since {@code since} that had
	 * any.
	 * @param since the first minute looked at (rounded down to its minute)
	 * @param queue only this queue, or {@code null} for all
	 * @return the minutes, oldest first
	 */
	List<MinuteFigures> throughput(Instant since, @Nullable String queue);

	/**
	 * The nodes that heartbeat, with the leader and what each runs.
	 * @param now the time, to tell an expired lease
	 * @return the nodes, ordered by id
	 */
	List<NodeStatus> nodes(Instant now);

	/**
	 * The last tick claimed of every cron entry (see {@link #recordCronTick}).
	 * @return the ticks by entry name
	 */
	Map<String, Instant> cronTicks();

	/**
	 * {@link #retry} many jobs, a bounded chunk of ids per statement and transaction. A
	 * job whose unique key another job holds is left alone, as with {@link #retry}.
	 * @param ids the jobs; unknown ids are ignored
	 * @param now the time
	 * @return the jobs made available
	 */
	BulkResult retryAll(Collection<Long> ids, Instant now);

	/**
	 * {@link #cancel} many jobs, a bounded chunk of ids per statement and transaction.
	 * @param ids the jobs; unknown ids are ignored
	 * @param now the time
	 * @return the jobs cancelled or asked to stop
	 */
	BulkResult cancelAll(Collection<Long> ids, Instant now);

	/**
	 * Delete jobs that are not executing (cancel those first), a bounded chunk of ids per
	 * statement and transaction. Jobs that wait for a deleted job that had not finished
	 * are settled as {@link #deleteAvailable} says; a finished one had settled them.
	 * @param ids the jobs; unknown ids are ignored
	 * @param now the time, for the errors of the jobs cancelled with them
	 * @return the jobs deleted
	 */
	BulkResult deleteAll(Collection<Long> ids, Instant now);

	/** The most ids a bulk action changes in one statement. */
	int BULK_CHUNK = 500;

	/**
	 * Store what running jobs reported, replacing each job's previous report; reports of
	 * jobs that no longer exist are dropped. One round trip for the batch.
	 * @param reports the reports, at most one per job
	 */
	void saveProgress(List<JobProgress> reports);

	/**
	 * What a job last reported.
	 * @param id the job
	 * @return the report, or empty if it reported nothing (or does not exist)
	 */
	Optional<JobProgress> findProgress(long id);

	/**
	 * Jobs by id, for callers that hold many ids.
	 * @param ids the ids
	 * @return the jobs that exist, in no particular order
	 */
	default List<Job> findAll(Collection<Long> ids) {
		return ids.stream().map(this::find).flatMap(Optional::stream).toList();
	}

	/**
	 * Get ready for claims under limits, once, when a node that claims under them starts:
	 * a store may create what only such claims need, such as an index, so that nodes
	 * without limits do not pay for it. Claims stay correct without it. By default
	 * nothing.
	 * @param limits the node's limits, not empty
	 */
	default void prepareLimits(JobLimits limits) {
	}

	/**
	 * The store's notifier, if it has one of its own.
	 * @return the notifier, or empty when nodes learn of new jobs by polling
	 */
	default Optional<JobNotifier> notifier() {
		return Optional.empty();
	}

	/**
	 * The states whose jobs hold their unique key.
	 */
	Set<JobState> UNIQUE_STATES = Set.of(JobState.AVAILABLE, JobState.SCHEDULED, JobState.RETRYABLE,
			JobState.EXECUTING);

}
