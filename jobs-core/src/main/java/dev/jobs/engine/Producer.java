package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.jobs.Job;
import dev.jobs.store.FetchParams;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one queue's jobs to the executor: claims up to its free slots (at most the fetch
 * limit) in one call, then sleeps until woken (a notification, a freed slot while more
 * work is likely, or the poll interval). It never spins: it waits whenever there is no
 * free slot or no work.
 * <p>
 * Under a backlog, a claim for a few free slots pays a whole round trip and commit for
 * little: with fewer slots free than a full claim would take, the producer waits for
 * more, at most as long as its last claim took (and never more than
 * {@link #MAX_TOP_UP_WAIT}), so that short jobs are claimed in full batches while long
 * ones lose at most one claim's time of a few slots.
 */
final class Producer implements Service {

	private static final Logger logger = LoggerFactory.getLogger(Producer.class);

	private static final Duration MAX_ERROR_PAUSE = Duration.ofSeconds(30);

	static final Duration MAX_TOP_UP_WAIT = Duration.ofMillis(10);

	private final QueueConfig config;

	private final JobStore store;

	private final JobExecutor executor;

	private final String nodeId;

	private final Clock clock;

	private final Signal wake = new Signal();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile boolean moreLikely = true;

	private volatile boolean paused;

	private volatile Thread thread;

	private final Consumer<List<Job>> handBack;

	private volatile @Nullable Instant claimInFlightSince;

	/** Free slots for a full claim: what a claim under a backlog waits for. */
	private final int fullBatch;

	/** Free slots at which a freed slot wakes the producer. */
	private volatile int wakeWhenFree = 1;

	/** How long the last claim took and when it ended; producer thread only. */
	private long lastClaimNanos;

	private long lastClaimEnd;

	/**
	 * A producer for one queue.
	 * @param config the queue's settings
	 * @param store where jobs are claimed
	 * @param executor where claimed jobs run
	 * @param nodeId this node
	 * @param clock the engine's clock
	 * @param handBack takes claimed jobs that will not start here (the node is stopping,
	 * or no thread could be had), to make them available again
	 */
	Producer(QueueConfig config, JobStore store, JobExecutor executor, String nodeId, Clock clock,
			Consumer<List<Job>> handBack) {
		this.handBack = Objects.requireNonNull(handBack, "handBack must not be null");
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.executor = Objects.requireNonNull(executor, "executor must not be null");
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.fullBatch = Math.min(config.fetchLimit(), config.concurrency());
	}

	@Override
	public void start() {
		if (this.running.compareAndSet(false, true)) {
			Thread started = new Thread(this::loop, "jobs-producer-" + this.config.name());
			started.setDaemon(true);
			this.thread = started;
			started.start();
		}
	}

	/**
	 * Stop claiming, and wait for a claim in flight to come back. Jobs already handed to
	 * the executor keep running; the supervisor waits for them.
	 * @param timeout the longest wait for a claim in flight
	 */
	@Override
	public void stop(Duration timeout) {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		this.wake.raise();
		Thread stopped = this.thread;
		try {
			stopped.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Jobs may be available: look now.
	 */
	void wake() {
		this.moreLikely = true;
		this.wake.raise();
	}

	/**
	 * Stop or go on claiming, keeping the thread. Running jobs are not touched.
	 * @param paused whether to stop claiming
	 */
	void setPaused(boolean paused) {
		boolean was = this.paused;
		this.paused = paused;
		if (was && !paused) {
			wake();
		}
	}

	boolean isPaused() {
		return this.paused;
	}

	String queue() {
		return this.config.name();
	}

	QueueConfig config() {
		return this.config;
	}

	/**
	 * Jobs of this queue running on this node.
	 * @return the count
	 */
	int inFlight() {
		return this.inFlight.get();
	}

	private void loop() {
		Duration errorPause = this.config.pollInterval();
		while (this.running.get()) {
			Duration wait = this.config.pollInterval();
			long topUp = topUpNanos();
			if (topUp > 0) {
				awaitMoreSlots(topUp);
				continue;
			}
			try {
				if (fetchOnce()) {
					continue;
				}
				errorPause = this.config.pollInterval();
			}
			catch (Throwable ex) {
				logger.warn("Fetching jobs of queue '{}' failed; trying again in {} ms: {}", this.config.name(),
						errorPause.toMillis(), ex.toString());
				wait = errorPause;
				errorPause = (errorPause.compareTo(MAX_ERROR_PAUSE) >= 0) ? MAX_ERROR_PAUSE
						: errorPause.multipliedBy(2);
			}
			try {
				this.wake.await(wait);
			}
			catch (InterruptedException ex) {
				if (!this.running.get()) {
					return;
				}
			}
		}
	}

	/**
	 * How long to wait for more free slots before claiming.
	 * @return nanoseconds, or 0 to claim (or sleep) now
	 */
	private long topUpNanos() {
		int free = this.config.concurrency() - this.inFlight.get();
		if (!this.moreLikely || free <= 0 || free >= this.fullBatch || this.paused) {
			return 0;
		}
		long budget = Math.min(this.lastClaimNanos, MAX_TOP_UP_WAIT.toNanos());
		return budget - (System.nanoTime() - this.lastClaimEnd);
	}

	private void awaitMoreSlots(long nanos) {
		this.wakeWhenFree = this.fullBatch;
		try {
			this.wake.await(Duration.ofNanos(nanos));
		}
		catch (InterruptedException ex) {
			// Only stop() ends the loop; it is checked next.
		}
		finally {
			this.wakeWhenFree = 1;
		}
	}

	/**
	 * Claim what fits.
	 * @return whether to claim again at once (a full claim means more jobs probably wait)
	 */
	private boolean fetchOnce() {
		int free = this.config.concurrency() - this.inFlight.get();
		if (free <= 0 || this.paused || !this.running.get()) {
			return false;
		}
		int limit = Math.min(free, this.config.fetchLimit());
		this.moreLikely = false;
		Instant now = this.clock.instant();
		this.claimInFlightSince = now;
		long started = System.nanoTime();
		try {
			List<Job> jobs = this.store.fetch(new FetchParams(this.config.name(), limit, this.nodeId, now));
			this.lastClaimEnd = System.nanoTime();
			this.lastClaimNanos = this.lastClaimEnd - started;
			startAll(jobs);
			return continueAfter(jobs.size(), limit);
		}
		finally {
			this.claimInFlightSince = null;
		}
	}

	private void startAll(List<Job> jobs) {
		for (int i = 0; i < jobs.size(); i++) {
			if (!this.running.get()) {
				this.handBack.accept(jobs.subList(i, jobs.size()));
				return;
			}
			this.inFlight.incrementAndGet();
			try {
				this.executor.execute(jobs.get(i), this::slotFreed);
			}
			catch (Throwable ex) {
				// The executor handed this job back itself;
				// the rest of the claim goes back too.
				this.handBack.accept(jobs.subList(i + 1, jobs.size()));
				throw ex;
			}
		}
	}

	/**
	 * The claim time of a claim whose jobs are not all with the executor yet: jobs
	 * claimed at or after it may be on their way to the executor.
	 * @return the time, or {@code null} when no claim is in flight
	 */
	@Nullable Instant claimInFlightSince() {
		return this.claimInFlightSince;
	}

	private boolean continueAfter(int claimed, int limit) {
		if (claimed == limit) {
			this.moreLikely = true;
			return this.inFlight.get() < this.config.concurrency();
		}
		return false;
	}

	private void slotFreed() {
		int free = this.config.concurrency() - this.inFlight.decrementAndGet();
		if (this.moreLikely && free >= this.wakeWhenFree) {
			this.wake.raise();
		}
	}

}
