package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.jobs.ArgsCodec;
import dev.jobs.DiscardJobException;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobContext;
import dev.jobs.JobError;
import dev.jobs.JobEvent;
import dev.jobs.JobWorker;
import dev.jobs.JobsListener;
import dev.jobs.SnoozeJobException;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.Completion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs claimed jobs, one thread each: binds the args, calls the handler, enforces the
 * timeout, and turns the outcome into a {@link Completion} for the {@link Completer}.
 * Each job settles exactly once: whichever comes first of the handler's return, its
 * timeout, or shutdown decides the outcome, and the job's slot is freed at that moment,
 * even if a handler that ignores interrupts is still running.
 */
public final class JobExecutor {

	private static final Logger logger = LoggerFactory.getLogger(JobExecutor.class);

	private final ExecutorConfig config;

	private final HandlerRegistry handlers;

	private final ArgsCodec codec;

	private final RetryPolicy defaultRetryPolicy;

	private final Completer completer;

	private final Clock clock;

	private final JobsListener listener;

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
	 */
	public JobExecutor(ExecutorConfig config, int slots, HandlerRegistry handlers, ArgsCodec codec,
			RetryPolicy defaultRetryPolicy, Completer completer, Clock clock, JobsListener listener) {
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
		this.codec = Objects.requireNonNull(codec, "codec must not be null");
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
	public void execute(Job job, Runnable onSettled) {
		Execution execution = new Execution(job, onSettled);
		this.running.put(job.id(), execution);
		try {
			this.threads.execute(execution::run);
		}
		catch (Throwable ex) {
			// No thread (shut down, or out of native threads): hand the job back rather
			// than strand it.
			execution.settle(Completion.release(job, this.clock.instant()), JobEvent.Type.RELEASED, null, null);
			throw ex;
		}
	}

	/**
	 * Ask a running job to stop: its context reports cancelled and its thread is
	 * interrupted. It ends cancelled unless it completes first.
	 * @param id the job
	 * @return whether the job runs here
	 */
	public boolean cancel(long id) {
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
	public int running() {
		return this.running.size();
	}

	/**
	 * Whether a job runs here now.
	 * @param id the job
	 * @return true until its outcome is decided
	 */
	public boolean isRunning(long id) {
		return this.running.containsKey(id);
	}

	/**
	 * Let running jobs finish until the deadline, then interrupt the rest and hand them
	 * back as available, with their attempt given back. Returns by the deadline even if
	 * handlers ignore their interrupts.
	 * @param timeout how long running jobs may take to finish
	 * @return how many jobs were handed back
	 */
	public int shutdown(Duration timeout) {
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
			if (execution.settle(Completion.release(execution.job, this.clock.instant()), JobEvent.Type.RELEASED, null,
					null)) {
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

	private Duration timeoutOf(Job job, @Nullable HandlerDefinition handler) {
		if (job.timeout() != null) {
			return job.timeout();
		}
		return (handler != null && handler.timeout() != null) ? handler.timeout() : this.config.defaultTimeout();
	}

	private enum StopReason {

		CANCELLED, TIMED_OUT, SHUTDOWN

	}

	/**
	 * One attempt of one job, and its context.
	 */
	private final class Execution implements JobContext, TimeoutWatch.Watched {

		private final Job job;

		private final Runnable onSettled;

		private final AtomicBoolean settled = new AtomicBoolean();

		private final long startNanos = System.nanoTime();

		private volatile @Nullable StopReason stopReason;

		/**
		 * The thread running the handler; set, cleared and interrupted only under this
		 * execution's lock.
		 */
		private @Nullable Thread thread;

		/**
		 * Whether a thread was lent in place of this one, whose job settled while it ran;
		 * guarded by this execution's lock.
		 */
		private boolean lentFor;

		/** The attempt's time limit; set before it is watched. */
		private @Nullable Duration limit;

		private volatile long deadline;

		private @Nullable Logger jobLogger;

		Execution(Job job, Runnable onSettled) {
			this.job = job;
			this.onSettled = onSettled;
		}

		void run() {
			synchronized (this) {
				if (this.settled.get()) {
					// Released (the node is stopping) before its thread came: it must not
					// start now.
					return;
				}
				this.thread = Thread.currentThread();
			}
			putMdc();
			try {
				HandlerDefinition handler = JobExecutor.this.handlers.find(this.job.kind()).orElse(null);
				this.limit = timeoutOf(this.job, handler);
				this.deadline = System.nanoTime() + this.limit.toNanos();
				JobExecutor.this.timeouts.watch(this);
				JobExecutor.this.listener.onEvent(JobEvent.of(JobEvent.Type.STARTED, this.job, now()));
				logger.debug("Job started kind={} id={} queue={} attempt={}", this.job.kind(), this.job.id(),
						this.job.queue(), this.job.attempt());
				runHandler(handler);
			}
			catch (Throwable ex) {
				fail(ex, handlerPolicy(null));
			}
			finally {
				boolean lent;
				synchronized (this) {
					this.thread = null;
					lent = this.lentFor;
				}
				if (lent) {
					JobExecutor.this.threads.giveBack();
				}
				// A pooled thread goes on to other jobs: an interrupt meant for this one
				// must not leak to them.
				if (Thread.interrupted()) {
					logger.trace("Cleared interrupt of job {}", this.job.id());
				}
				MDC.clear();
			}
		}

		private void runHandler(@Nullable HandlerDefinition handler) {
			if (handler == null) {
				fail(new IllegalStateException("No handler for job kind '" + this.job.kind() + "' on this node; known "
						+ "kinds: " + JobExecutor.this.handlers.kinds()), handlerPolicy(null));
				return;
			}
			Object args;
			try {
				args = JobExecutor.this.codec.bind(this.job.args(), handler.argsType());
			}
			catch (RuntimeException ex) {
				discard(ex);
				return;
			}
			try {
				invoke(handler.worker(), args);
				if (this.stopReason == StopReason.SHUTDOWN) {
					logger.debug("Job {} completed while the node was stopping", this.job.id());
				}
				settle(Completion.completed(this.job, now()), JobEvent.Type.COMPLETED, null, null);
			}
			catch (DiscardJobException ex) {
				discard(ex);
			}
			catch (SnoozeJobException ex) {
				if (this.stopReason == StopReason.CANCELLED) {
					settle(Completion.cancel(this.job, now(), null), JobEvent.Type.CANCELLED, null, null);
					return;
				}
				Instant until = now().plus(ex.duration());
				settle(Completion.snooze(this.job, now(), until), JobEvent.Type.SNOOZED, null, until);
			}
			catch (Throwable ex) {
				StopReason reason = this.stopReason;
				if (reason == StopReason.CANCELLED) {
					JobError error = JobError.of(this.job.attempt(), now(), ex);
					settle(Completion.cancel(this.job, now(), error), JobEvent.Type.CANCELLED, error, null);
				}
				else if (reason == StopReason.SHUTDOWN) {
					settle(Completion.release(this.job, now()), JobEvent.Type.RELEASED, null, null);
				}
				else {
					fail(ex, handlerPolicy(handler));
				}
			}
		}

		@SuppressWarnings("unchecked")
		private void invoke(JobWorker<?> worker, Object args) throws Exception {
			((JobWorker<Object>) worker).work(args, this);
		}

		private RetryPolicy handlerPolicy(@Nullable HandlerDefinition handler) {
			return (handler != null && handler.retryPolicy() != null) ? handler.retryPolicy()
					: JobExecutor.this.defaultRetryPolicy;
		}

		private void discard(Throwable cause) {
			JobError error = JobError.of(this.job.attempt(), now(), cause);
			settle(Completion.discard(this.job, now(), error), JobEvent.Type.DISCARDED, error, null);
		}

		private void fail(Throwable cause, RetryPolicy policy) {
			if (this.job.isLastAttempt()) {
				discard(cause);
				return;
			}
			JobError error = JobError.of(this.job.attempt(), now(), cause);
			Instant retryAt = now().plus(policy.backoff(this.job.attempt()));
			settle(Completion.retry(this.job, now(), retryAt, error), JobEvent.Type.RETRIED, error, retryAt);
		}

		@Override
		public long deadline() {
			return this.deadline;
		}

		@Override
		public void expired() {
			Duration limit = this.limit;
			if (this.settled.get() || limit == null) {
				return;
			}
			if (this.stopReason == null) {
				this.stopReason = StopReason.TIMED_OUT;
			}
			// Settle before interrupting: the handler's reaction to the interrupt must
			// not be taken for the cause.
			HandlerDefinition handler = JobExecutor.this.handlers.find(this.job.kind()).orElse(null);
			fail(new TimeoutException("Job timed out after " + limit.toMillis() + " ms and was interrupted"),
					handlerPolicy(handler));
			stop(StopReason.TIMED_OUT);
		}

		void stop(StopReason reason) {
			if (this.stopReason == null) {
				this.stopReason = reason;
			}
			synchronized (this) {
				if (this.thread != null) {
					this.thread.interrupt();
				}
			}
		}

		boolean settle(Completion completion, JobEvent.Type type, @Nullable JobError error,
				@Nullable Instant nextRunAt) {
			if (!this.settled.compareAndSet(false, true)) {
				return false;
			}
			JobExecutor.this.timeouts.unwatch(this);
			Duration took = Duration.ofNanos(System.nanoTime() - this.startNanos);
			JobExecutor.this.completer.submit(completion);
			synchronized (this) {
				// Settled from elsewhere (a timeout) while its thread is still in the
				// handler: that thread must not hold the freed slot.
				if (this.thread != null && this.thread != Thread.currentThread()) {
					this.lentFor = true;
					JobExecutor.this.threads.lend();
				}
			}
			log(type, error, took);
			JobExecutor.this.listener.onEvent(new JobEvent(type, this.job, completion.at(), took, error, nextRunAt));
			// Remove this execution only: a newer claim of the same job may already run
			// here.
			JobExecutor.this.running.remove(this.job.id(), this);
			if (JobExecutor.this.draining) {
				synchronized (JobExecutor.this.running) {
					JobExecutor.this.running.notifyAll();
				}
			}
			this.onSettled.run();
			return true;
		}

		private void log(JobEvent.Type type, @Nullable JobError error, Duration took) {
			if (error != null && type != JobEvent.Type.CANCELLED) {
				logger.warn("Job {} kind={} id={} queue={} attempt={}/{} duration={}ms: {}", type.name().toLowerCase(),
						this.job.kind(), this.job.id(), this.job.queue(), this.job.attempt(), this.job.maxAttempts(),
						took.toMillis(), error.error());
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Job {} kind={} id={} queue={} attempt={} duration={}ms", type.name().toLowerCase(),
						this.job.kind(), this.job.id(), this.job.queue(), this.job.attempt(), took.toMillis());
			}
		}

		private void putMdc() {
			MDC.put("jobs.id", Long.toString(this.job.id()));
			MDC.put("jobs.kind", this.job.kind());
			MDC.put("jobs.queue", this.job.queue());
			MDC.put("jobs.attempt", Integer.toString(this.job.attempt()));
		}

		private Instant now() {
			return JobExecutor.this.clock.instant();
		}

		@Override
		public Job job() {
			return this.job;
		}

		@Override
		public boolean isCancelled() {
			return this.stopReason != null;
		}

		@Override
		public synchronized Logger logger() {
			if (this.jobLogger == null) {
				this.jobLogger = LoggerFactory.getLogger("dev.jobs.job." + this.job.kind());
			}
			return this.jobLogger;
		}

	}

}
