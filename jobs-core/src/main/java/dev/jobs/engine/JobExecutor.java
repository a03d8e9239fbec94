package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobsListener;
import dev.jobs.JobDispatcher;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.JobStore;
import dev.jobs.store.Completion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed jobs, one thread each: each job is an {@link Execution} that binds the
 * args, calls the handler, enforces the timeout, and hands its {@link Outcome} as a
 * {@link Completion} to the {@link Completer}. Each job settles exactly once: whichever
 * comes first of the handler's return, its timeout, or shutdown decides the outcome and
 * frees the job's slot then, even while a handler that ignores interrupts runs on.
 */
final class JobExecutor implements Service {

	private static final Logger logger = LoggerFactory.getLogger(JobExecutor.class);

	private final ExecutorConfig config;

	private final HandlerRegistry handlers;

	private final ArgsCodec codec;

	private final JobResults results;

	private final DiscardHooks discardHooks;

	private volatile int handedBack;

	private final RetryPolicy defaultRetryPolicy;

	private final Completer completer;

	private final Clock clock;

	private final JobsListener listener;

	private final Telemetry telemetry;

	private final Map<Long, Execution> running = new ConcurrentHashMap<>();

	private final WorkerThreads threads;

	private final TimeoutWatch timeouts = new TimeoutWatch("jobs-timeouts");

	/** Whether {@link #shutdown} waits for running jobs to settle. */
	private volatile boolean draining;

	/**
	 * An executor.
	 * @param config its settings
	 * @param slots how many jobs may run at once: the sum of the queues' concurrency
	 * @param handlers the handlers
	 * @param codec binds args
	 * @param defaultRetryPolicy for handlers without their own
	 * @param completer where outcomes go
	 * @param clock the engine's clock
	 * @param listener receives job events
	 * @param store where dependencies' results are read
	 * @param dispatcher adds workflow steps for running jobs
	 * @param telemetry the attempts' observer and log level
	 */
	JobExecutor(ExecutorConfig config, int slots, HandlerRegistry handlers, ArgsCodec codec,
			RetryPolicy defaultRetryPolicy, Completer completer, Clock clock, JobsListener listener, JobStore store,
			Supplier<JobDispatcher> dispatcher, Telemetry telemetry) {
		this.telemetry = Objects.requireNonNull(telemetry, "telemetry must not be null");
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
		this.codec = Objects.requireNonNull(codec, "codec must not be null");
		this.discardHooks = new DiscardHooks(handlers, codec);
		this.results = new JobResults(codec, config.maxResultBytes(), store, dispatcher);
		this.defaultRetryPolicy = Objects.requireNonNull(defaultRetryPolicy, "defaultRetryPolicy must not be null");
		this.completer = Objects.requireNonNull(completer, "completer must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.listener = Objects.requireNonNull(listener, "listener must not be null");
		this.threads = WorkerThreads.create(config.virtualThreads(), slots);
	}

	/**
	 * Start a job on its own thread.
	 * @param job the claimed job
	 * @param onSettled called once the job's outcome is decided, to free its slot
	 */
	void execute(Job job, Runnable onSettled) {
		Execution execution = new Execution(job, this.handlers, this.codec, this.results, this.defaultRetryPolicy,
				this.config.defaultTimeout(), this.completer::submit, this.clock, this.listener, this.timeouts,
				this.threads, this.discardHooks, (settled) -> {
					forget(settled);
					onSettled.run();
				}, this.telemetry);
		this.running.put(job.id(), execution);
		try {
			this.threads.execute(execution::run);
		}
		catch (Throwable ex) {
			// No thread (shut down, or out of native threads): hand the job back
			// rather than strand it.
			execution.settle(Outcome.released(job, this.clock.instant()));
			throw ex;
		}
	}

	/**
	 * Ask a running job to stop: its context reports cancelled and its thread is
	 * interrupted. It ends cancelled unless it completes first.
	 * @param id the job
	 * @return whether the job runs here
	 */
	boolean cancel(long id) {
		Execution execution = this.running.get(id);
		if (execution == null) {
			return false;
		}
		execution.stop(StopReason.CANCELLED);
		return true;
	}

	/**
	 * Jobs running now.
	 * @return the count
	 */
	int running() {
		return this.running.size();
	}

	/**
	 * Whether a job runs here now.
	 * @param id the job
	 * @return true until its outcome is decided
	 */
	boolean isRunning(long id) {
		return this.running.containsKey(id);
	}

	/** Jobs run as they are handed over: nothing to start. */
	@Override
	public void start() {
	}

	/**
	 * Shut down at the supervisor's stop: running jobs get the shutdown timeout to
	 * finish, then are interrupted and handed back ({@link #handedBack()} says how many).
	 */
	@Override
	public void stop(Duration timeout) {
		this.handedBack = shutdown(timeout);
	}

	/**
	 * Jobs handed back at the last stop.
	 * @return the count
	 */
	int handedBack() {
		return this.handedBack;
	}

	/**
	 * Let running jobs finish until the deadline, then interrupt the rest and hand them
	 * back as available, with their attempt given back. Returns by the deadline even if
	 * handlers ignore their interrupts.
	 * @param timeout how long running jobs may take to finish
	 * @return how many jobs were handed back
	 */
	int shutdown(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.draining = true;
		synchronized (this.running) {
			// Checked under the monitor that settle notifies, so a last job settling now
			// is not missed.
			while (!this.running.isEmpty() && System.nanoTime() < deadline) {
				try {
					this.running.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		int released = 0;
		for (Execution execution : this.running.values()) {
			execution.stop(StopReason.SHUTDOWN);
			if (execution.settle(Outcome.released(execution.job(), this.clock.instant()))) {
				released++;
			}
		}
		this.threads.shutdownNow();
		this.timeouts.stop();
		if (released > 0) {
			logger.warn("Shutdown timeout ({} ms) passed with {} jobs still running; interrupted them and handed "
					+ "them back as available", timeout.toMillis(), released);
		}
		return released;
	}

	private void forget(Execution execution) {
		// Remove this execution only: a newer claim of the same job may already run here.
		// A shutdown waiting for running jobs to settle is woken to count again.
		this.running.remove(execution.job().id(), execution);
		if (this.draining) {
			synchronized (this.running) {
				this.running.notifyAll();
			}
		}
	}

}
