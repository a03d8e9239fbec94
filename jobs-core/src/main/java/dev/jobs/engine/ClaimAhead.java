package dev.jobs.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.jobs.Job;
import org.jspecify.annotations.Nullable;

/**
 * A producer's claim-ahead: jobs claimed beyond its free slots, held in claim order until
 * a slot frees, so that the next claim is on its way while the slots still have work.
 * <p>
 * Holding a job is worth it only when it starts about as soon as a claim made when its
 * slot freed would have brought it. So a producer holds jobs only under a deep backlog
 * (its last claim came back full) and while jobs are short: none once a job runs as long
 * as a claim takes, else room (running and held together) for twice what its slots finish
 * during one claim round trip at the measured run time, each half at most a claim's
 * worth. The next claim goes out when one half is used up, while the other keeps the
 * slots busy. Long jobs are never held, and a held job waits about two round trips at
 * most, so another node loses no more than that.
 * <p>
 * Held jobs are executing on this node in the store. They start when a slot frees (their
 * timeout counts from then), go back to available with their attempt given back at stop
 * or pause, and are rescued like the node's running jobs if it dies.
 */
final class ClaimAhead {

	/** Weight of a new run time in the average: about the last 8 jobs. */
	private static final int SMOOTHING = 8;

	/**
	 * How many times the fetch limit a claim may grow to while claims come back full. A
	 * claim walks past the index entries of the jobs claimed since the table's last
	 * vacuum before it finds its first: that cost is per claim, and a backlog that claims
	 * of 100 could not work off at 12,800 jobs/s (PostgreSQL, 2 cores) was worked off
	 * with claims of up to 400. Eight nodes on one database drained 14% faster with
	 * claims of up to 800 than of 400, one node as fast (docs/performance.md).
	 */
	static final int MAX_GROWTH = 8;

	private final int concurrency;

	private final int fetchLimit;

	/** Guarded by this; claim order. */
	private final Map<Long, Job> held = new LinkedHashMap<>();

	/** Held jobs asked to cancel: cancelled as they start. Guarded by this. */
	private final Set<Long> cancelOnStart = new HashSet<>();

	/** The size of {@link #held}, read without the lock by every ending job. */
	private volatile int count;

	/**
	 * Whether the producer stopped: nothing is held or taken any more. Guarded by this.
	 */
	private boolean closed;

	/** Average run time of this producer's jobs, 0 until one ended. Racy by design. */
	private volatile long runNanos;

	/** The claim limit over the fetch limit: 1, doubled by each full claim. */
	private volatile int growth = 1;

	ClaimAhead(int concurrency, int fetchLimit) {
		this.concurrency = concurrency;
		this.fetchLimit = fetchLimit;
	}

	/**
	 * How many jobs to hold beyond the free slots after the next claim.
	 * @param lastClaimFull whether the last claim took all it asked for
	 * @param claimNanos how long the last claim took
	 * @return the bound, 0 for no claim-ahead
	 */
	int bound(boolean lastClaimFull, long claimNanos) {
		long run = this.runNanos;
		if (!lastClaimFull || run <= 0 || run >= claimNanos) {
			return 0;
		}
		// The jobs the slots finish while one claim is on its way, at most what one claim
		// brings. Room for two such batches, running and held together: the next claim
		// goes out when one is used up (see batch), while the other keeps the slots busy.
		long perClaim = Math.min(claimLimit(), claimNanos * this.concurrency / run);
		return (int) Math.max(0, 2 * perClaim - this.concurrency);
	}

	/**
	 * The room a claim waits for under a backlog.
	 * @param bound the jobs this claim may hold, from {@link #bound}
	 * @return how many jobs a full claim takes
	 */
	int batch(int bound) {
		int room = (bound > 0) ? (this.concurrency + bound) / 2 : this.concurrency;
		return Math.min(claimLimit(), room);
	}

	/**
	 * The most jobs the next claim asks for while jobs are held ahead.
	 * @return the fetch limit, times up to {@link #MAX_GROWTH}
	 */
	int claimLimit() {
		return this.fetchLimit * this.growth;
	}

	/**
	 * So many jobs are known to wait (a burst this node committed): the next claim may
	 * take them all, up to {@link #MAX_GROWTH} times the fetch limit, rather than grow to
	 * that claim by claim.
	 * @param jobs how many
	 */
	void expect(int jobs) {
		int growth = this.growth;
		while (growth < MAX_GROWTH && (long) this.fetchLimit * growth < jobs) {
			growth *= 2;
		}
		this.growth = growth;
	}

	/**
	 * A claim that held jobs ahead came back: the next may take twice as many if it was
	 * full, up to {@link #MAX_GROWTH} times the fetch limit; a short one starts again
	 * from the fetch limit.
	 * @param full whether it took all it asked for
	 */
	void claimed(boolean full) {
		this.growth = full ? Math.min(this.growth * 2, MAX_GROWTH) : 1;
	}

	/**
	 * A job of this producer ran for this long (from its hand-over to its outcome).
	 * @param nanos the run time
	 */
	void ran(long nanos) {
		long average = this.runNanos;
		// Lost updates from concurrent workers only skip a sample.
		this.runNanos = (average == 0) ? Math.max(1, nanos) : average + (nanos - average) / SMOOTHING;
	}

	long runNanos() {
		return this.runNanos;
	}

	/**
	 * Hold jobs until slots free.
	 * @param jobs claimed jobs
	 * @return the jobs not held because the producer stopped: hand them back
	 */
	synchronized List<Job> hold(List<Job> jobs) {
		if (this.closed) {
			return jobs;
		}
		jobs.forEach((job) -> this.held.put(job.id(), job));
		this.count = this.held.size();
		return List.of();
	}

	/**
	 * The next held job to start, in claim order.
	 * @return the job, or {@code null} when none is held
	 */
	synchronized @Nullable Job take() {
		Iterator<Job> first = this.held.values().iterator();
		if (this.closed || !first.hasNext()) {
			return null;
		}
		Job job = first.next();
		first.remove();
		this.count = this.held.size();
		return job;
	}

	/**
	 * Whether a job just taken was asked to cancel while held.
	 * @param id the job
	 * @return whether to cancel it as it starts
	 */
	synchronized boolean cancelRequested(long id) {
		return !this.cancelOnStart.isEmpty() && this.cancelOnStart.remove(id);
	}

	/**
	 * Cancel a held job as soon as it starts.
	 * @param id the job
	 * @return whether the job is held here
	 */
	synchronized boolean cancelOnStart(long id) {
		return this.held.containsKey(id) && this.cancelOnStart.add(id);
	}

	synchronized boolean holds(long id) {
		return this.held.containsKey(id);
	}

	int size() {
		return this.count;
	}

	/**
	 * Take every held job out, to hand it back.
	 * @param close whether to hold nothing more (the producer stops)
	 * @return the jobs that were held
	 */
	synchronized List<Job> releaseAll(boolean close) {
		this.closed |= close;
		List<Job> jobs = new ArrayList<>(this.held.values());
		this.held.clear();
		this.count = 0;
		this.cancelOnStart.clear();
		return jobs;
	}

}
