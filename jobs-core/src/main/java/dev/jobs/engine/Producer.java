package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.Job;
import dev.jobs.store.FetchParams;
import dev.jobs.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one queue's jobs to the executor: claims up to its free slots (at most the fetch
 * limit) in one call, then sleeps until woken (a notification, a freed slot while more
 * work is likely, or the poll interval). It never spins: with no free slot or no work it
 * waits.
 */
public final class Producer {

	private static final Logger logger = LoggerFactory.getLogger(Producer.class);

	private static final Duration MAX_ERROR_PAUSE = Duration.ofSeconds(30);

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

	public Producer(QueueConfig config, JobStore store, JobExecutor executor, String nodeId, Clock clock) {
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.executor = Objects.requireNonNull(executor, "executor must not be null");
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	public void start() {
		if (this.running.compareAndSet(false, true)) {
			Thread started = new Thread(this::loop, "jobs-producer-" + this.config.name());
			started.setDaemon(true);
			this.thread = started;
			started.start();
		}
	}

	/**
	 * Stop claiming. Jobs already handed to the executor keep running; the supervisor
	 * waits for them.
	 */
	public void stop() {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		this.wake.raise();
		Thread stopped = this.thread;
		try {
			stopped.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Jobs may be available: look now.
	 */
	public void wake() {
		this.moreLikely = true;
		this.wake.raise();
	}

	/**
	 * Stop or go on claiming, keeping the thread. Running jobs are not touched.
	 * @param paused whether to stop claiming
	 */
	public void setPaused(boolean paused) {
		boolean was = this.paused;
		this.paused = paused;
		if (was && !paused) {
			wake();
		}
	}

	public boolean isPaused() {
		return this.paused;
	}

	public String queue() {
		return this.config.name();
	}

	public QueueConfig config() {
		return this.config;
	}

	/**
	 * Jobs of this queue running on this node.
	 * @return the count
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	private void loop() {
		Duration errorPause = this.config.pollInterval();
		while (this.running.get()) {
			Duration wait = this.config.pollInterval();
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
	 * Claim what fits.
	 * @return whether to look again at once (the claim was full, so more jobs probably
	 * wait)
	 */
	private boolean fetchOnce() {
		int free = this.config.concurrency() - this.inFlight.get();
		if (free <= 0 || this.paused || !this.running.get()) {
			return false;
		}
		int limit = Math.min(free, this.config.fetchLimit());
		this.moreLikely = false;
		List<Job> jobs = this.store
			.fetch(new FetchParams(this.config.name(), limit, this.nodeId, this.clock.instant()));
		for (Job job : jobs) {
			this.inFlight.incrementAndGet();
			this.executor.execute(job, this::slotFreed);
		}
		if (jobs.size() == limit) {
			this.moreLikely = true;
			return this.inFlight.get() < this.config.concurrency();
		}
		return false;
	}

	private void slotFreed() {
		this.inFlight.decrementAndGet();
		if (this.moreLikely) {
			this.wake.raise();
		}
	}

}
