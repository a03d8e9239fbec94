package dev.jobs.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.jobs.JobsException;
import dev.jobs.store.Completion;
import dev.jobs.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes attempt outcomes in batches: whatever has queued up while the last write ran
 * goes in the next one, so an idle system writes each outcome at once and a busy one
 * writes hundreds per statement. When the store fails, the batch is kept and written
 * again after a pause; when the backlog is full, workers wait.
 */
final class Completer implements Service {

	private static final Logger logger = LoggerFactory.getLogger(Completer.class);

	private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(30);

	private static final long IDLE_POLL_MILLIS = 50;

	private final CompleterConfig config;

	private final JobStore store;

	private final BlockingQueue<Completion> backlog;

	/**
	 * Time to write the last outcomes after the executor used up the shutdown timeout.
	 */
	static final Duration FLUSH_GRACE = Duration.ofSeconds(5);

	private final AtomicBoolean running = new AtomicBoolean();

	private final Signal retryWake = new Signal();

	private final Set<Long> unwritten = ConcurrentHashMap.newKeySet();

	private volatile Thread thread;

	private volatile long deadlineNanos = Long.MAX_VALUE;

	/** Told of every batch once it is written, to wake the stager for due retries. */
	private final Consumer<List<Completion>> onWritten;

	Completer(CompleterConfig config, JobStore store) {
		this(config, store, (batch) -> {
		});
	}

	Completer(CompleterConfig config, JobStore store, Consumer<List<Completion>> onWritten) {
		this.onWritten = Objects.requireNonNull(onWritten, "onWritten must not be null");
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.backlog = new ArrayBlockingQueue<>(config.maxBacklog());
	}

	@Override
	public void start() {
		if (this.running.compareAndSet(false, true)) {
			this.deadlineNanos = Long.MAX_VALUE;
			Thread started = new Thread(this::loop, "jobs-completer");
			started.setDaemon(true);
			this.thread = started;
			started.start();
		}
	}

	/**
	 * Queue an outcome to be written, waiting while the backlog is full.
	 * @param completion the outcome
	 */
	void submit(Completion completion) {
		this.unwritten.add(completion.id());
		boolean interrupted = false;
		try {
			while (true) {
				try {
					this.backlog.put(completion);
					return;
				}
				catch (InterruptedException ex) {
					// The outcome must not be lost to an interrupt
					// (timeouts and shutdown interrupt workers).
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Whether a job's outcome is decided but not written (the store shows it executing).
	 * @param id the job
	 * @return true while its outcome waits to be written
	 */
	boolean isUnwritten(long id) {
		return this.unwritten.contains(id);
	}

	/**
	 * Outcomes waiting to be written.
	 * @return the count
	 */
	int backlog() {
		return this.backlog.size();
	}

	/**
	 * Write what is queued and stop. Outcomes that cannot be written by the deadline (the
	 * shutdown timeout and a little more, since the executor may have used all of it) are
	 * logged; their jobs stay executing and the rescuer hands them back.
	 * @param timeout the shutdown timeout
	 */
	@Override
	public void stop(Duration timeout) {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		timeout = timeout.plus(FLUSH_GRACE);
		this.deadlineNanos = System.nanoTime() + timeout.toNanos();
		Thread stopped = this.thread;
		this.retryWake.raise();
		try {
			stopped.join(Math.max(1, Signal.toMillis(timeout)) + 1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void loop() {
		List<Completion> batch = new ArrayList<>(this.config.batchSize());
		while (this.running.get() || (!this.backlog.isEmpty() && System.nanoTime() < this.deadlineNanos)) {
			try {
				Completion first = this.backlog.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.backlog.drainTo(batch, this.config.batchSize() - 1);
				write(batch);
				batch.clear();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		List<Completion> unwritten = new ArrayList<>(batch);
		this.backlog.drainTo(unwritten);
		if (!unwritten.isEmpty()) {
			logger.error(
					"Stopped with {} job outcomes unwritten (job ids {}); those jobs stay executing until the "
							+ "rescuer hands them back",
					unwritten.size(), unwritten.stream().map(Completion::id).toList());
		}
	}

	private void write(List<Completion> batch) throws InterruptedException {
		Duration pause = this.config.retryPause();
		while (true) {
			try {
				this.store.complete(batch);
				batch.forEach((completion) -> this.unwritten.remove(completion.id()));
				written(batch);
				return;
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() >= this.deadlineNanos) {
					throw new InterruptedException("deadline passed");
				}
				logger.warn("Writing {} job outcomes failed; keeping them and trying again in {} ms: {}", batch.size(),
						pause.toMillis(), describe(ex));
				this.retryWake.await(pause);
				pause = (pause.compareTo(MAX_RETRY_PAUSE) >= 0) ? MAX_RETRY_PAUSE : pause.multipliedBy(2);
			}
		}
	}

	private void written(List<Completion> batch) {
		try {
			this.onWritten.accept(batch);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not tell the engine of {} written job outcomes: {}", batch.size(), ex.toString());
		}
	}

	private static String describe(RuntimeException ex) {
		return (ex instanceof JobsException) ? ex.getMessage() : ex.toString();
	}

}
