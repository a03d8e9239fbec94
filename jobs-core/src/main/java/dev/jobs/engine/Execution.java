package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobContext;
import dev.jobs.JobEvent;
import dev.jobs.JobObserver;
import dev.jobs.JobWorker;
import dev.jobs.JobsListener;
import dev.jobs.Workflow;
import dev.jobs.WorkflowStatus;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.Completion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * One attempt of one job, and the handler's {@link JobContext}. It settles exactly once:
 * whichever comes first of the handler's end, its timeout, or shutdown decides the
 * {@link Outcome}, which goes to the {@link Completer} and the listener at that moment.
 */
final class Execution implements JobContext, TimeoutWatch.Watched {

	// Transitions log under the executor's name, the one users set levels for.
	private static final Logger logger = LoggerFactory.getLogger(JobExecutor.class);

	/** The MDC keys while a handler runs: the job's id, kind, queue and attempt. */
	static final String[] MDC_KEYS = { "jobs.id", "jobs.kind", "jobs.queue", "jobs.attempt" };

	private final Job job;

	private final HandlerRegistry handlers;

	private final ArgsCodec codec;

	private final JobResults results;

	/** The dependencies, read on first use; guarded by this execution's lock. */
	private @Nullable Map<Long, Job> dependencies;

	private final RetryPolicy defaultRetryPolicy;

	private final Duration defaultTimeout;

	private final Consumer<Completion> completions;

	private final Clock clock;

	private final JobsListener listener;

	private final TimeoutWatch timeouts;

	private final WorkerThreads threads;

	private final DiscardHooks discardHooks;

	private final Consumer<Execution> onSettled;

	private final Telemetry telemetry;

	/** The attempt's observation, from when its thread starts it. */
	private volatile JobObserver.Attempt observed = JobObserver.Attempt.NONE;

	/** What the handler threw, for the observation; set before it settles. */
	private volatile @Nullable Throwable failure;

	/** The args bound for the handler, for a discard hook; {@code null} until bound. */
	private volatile @Nullable Object args;

	private final AtomicBoolean settled = new AtomicBoolean();

	private final long startNanos = System.nanoTime();

	private volatile @Nullable StopReason stopReason;

	/**
	 * The thread running the handler: set, cleared and interrupted only under the lock.
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

	/**
	 * An attempt of a claimed job; it starts when a thread calls {@link #run()}.
	 * @param job the claimed job
	 * @param handlers the handlers
	 * @param codec binds args
	 * @param results writes the handler's result, reads its dependencies'
	 * @param defaultRetryPolicy for handlers without their own
	 * @param defaultTimeout for jobs and handlers without their own
	 * @param completions where the outcome goes: the {@link Completer}, or a
	 * {@link JobRunner} that writes it at once
	 * @param clock the engine's clock
	 * @param listener receives job events
	 * @param timeouts enforces the attempt's time limit
	 * @param threads lends a thread while a settled job's handler still runs
	 * @param discardHooks runs the kind's hook if the job ends discarded
	 * @param onSettled called once the outcome is decided, with this execution
	 * @param telemetry the observer and the log level of completions
	 */
	Execution(Job job, HandlerRegistry handlers, ArgsCodec codec, JobResults results, RetryPolicy defaultRetryPolicy,
			Duration defaultTimeout, Consumer<Completion> completions, Clock clock, JobsListener listener,
			TimeoutWatch timeouts, WorkerThreads threads, DiscardHooks discardHooks, Consumer<Execution> onSettled,
			Telemetry telemetry) {
		this.job = job;
		this.handlers = handlers;
		this.codec = codec;
		this.results = results;
		this.defaultRetryPolicy = defaultRetryPolicy;
		this.defaultTimeout = defaultTimeout;
		this.completions = completions;
		this.clock = clock;
		this.listener = listener;
		this.timeouts = timeouts;
		this.threads = threads;
		this.discardHooks = discardHooks;
		this.onSettled = onSettled;
		this.telemetry = telemetry;
	}

	/**
	 * Run the attempt on the calling thread, unless the job was handed back before then.
	 */
	void run() {
		synchronized (this) {
			if (this.settled.get()) {
				// Handed back before its thread came: the node is stopping.
				return;
			}
			this.thread = Thread.currentThread();
		}
		String[] previousMdc = putMdc();
		try {
			this.observed = this.telemetry.observer().attempt(this.job);
			HandlerDefinition handler = this.handlers.find(this.job.kind()).orElse(null);
			this.limit = timeoutOf(handler);
			this.deadline = System.nanoTime() + this.limit.toNanos();
			this.timeouts.watch(this);
			this.listener.onEvent(JobEvent.of(JobEvent.Type.STARTED, this.job, now()));
			logger.debug("Job started kind={} id={} queue={} attempt={}", this.job.kind(), this.job.id(),
					this.job.queue(), this.job.attempt());
			settle(attempt(handler));
		}
		catch (Throwable ex) {
			this.failure = ex;
			settle(Outcome.failed(this.job, ex, retryPolicyOf(null), now()));
		}
		finally {
			boolean lent;
			synchronized (this) {
				this.thread = null;
				lent = this.lentFor;
			}
			if (lent) {
				this.threads.giveBack();
			}
			// A pooled thread goes on to other jobs: an interrupt meant for this one
			// must not leak to them.
			if (Thread.interrupted()) {
				logger.trace("Cleared interrupt of job {}", this.job.id());
			}
			closeObservation();
			restoreMdc(previousMdc);
		}
	}

	private Outcome attempt(@Nullable HandlerDefinition handler) {
		if (handler == null) {
			IllegalStateException missing = new IllegalStateException("No handler for job kind '" + this.job.kind()
					+ "' on this node; known kinds: " + this.handlers.kinds());
			this.failure = missing;
			return Outcome.failed(this.job, missing, retryPolicyOf(null), now());
		}
		Object args;
		try {
			args = this.codec.bind(this.job.args(), handler.argsType());
			this.args = args;
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			return Outcome.discarded(this.job, ex, now());
		}
		Throwable failure = null;
		Object value = null;
		try {
			value = invoke(handler.worker(), args);
		}
		catch (Throwable ex) {
			failure = ex;
			this.failure = ex;
		}
		StopReason reason = this.stopReason;
		if (failure != null) {
			return Outcome.of(this.job, failure, reason, retryPolicyOf(handler), now());
		}
		if (reason == StopReason.SHUTDOWN) {
			logger.debug("Job {} completed while the node was stopping", this.job.id());
		}
		String result;
		try {
			result = this.results.write(this.job, value);
		}
		catch (RuntimeException ex) {
			return Outcome.discarded(this.job, ex, now());
		}
		return Outcome.completed(this.job, now(), result);
	}

	@SuppressWarnings("unchecked")
	private @Nullable Object invoke(JobWorker<?> worker, Object args) throws Exception {
		return ((JobWorker<Object>) worker).workForResult(args, this);
	}

	private Duration timeoutOf(@Nullable HandlerDefinition handler) {
		if (this.job.timeout() != null) {
			return this.job.timeout();
		}
		return (handler != null && handler.timeout() != null) ? handler.timeout() : this.defaultTimeout;
	}

	private RetryPolicy retryPolicyOf(@Nullable HandlerDefinition handler) {
		return (handler != null && handler.retryPolicy() != null) ? handler.retryPolicy() : this.defaultRetryPolicy;
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
		// Settle before interrupting: the handler's reaction to the interrupt must not be
		// taken for the cause.
		HandlerDefinition handler = this.handlers.find(this.job.kind()).orElse(null);
		TimeoutException timeout = new TimeoutException(
				"Job timed out after " + limit.toMillis() + " ms and was interrupted");
		this.failure = timeout;
		settle(Outcome.of(this.job, timeout, StopReason.TIMED_OUT, retryPolicyOf(handler), now()));
		stop(StopReason.TIMED_OUT);
	}

	/**
	 * Ask the job to stop: its context reports cancelled and its thread is interrupted.
	 * @param reason why; only the first reason given counts
	 */
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

	/**
	 * Settle the job with the given outcome, unless it settled already.
	 * @param outcome how the attempt ended
	 * @return whether this call settled it
	 */
	boolean settle(Outcome outcome) {
		if (!this.settled.compareAndSet(false, true)) {
			return false;
		}
		this.timeouts.unwatch(this);
		Duration took = Duration.ofNanos(System.nanoTime() - this.startNanos);
		this.completions.accept(outcome.completion());
		synchronized (this) {
			// Settled from elsewhere (a timeout) while its thread is still in the
			// handler: that thread must not hold the freed slot.
			if (this.thread != null && this.thread != Thread.currentThread()) {
				this.lentFor = true;
				this.threads.lend();
			}
		}
		observeOutcome(outcome);
		this.telemetry.progress().ended(this.job);
		log(outcome, took);
		this.listener.onEvent(outcome.event(took));
		if (outcome.type() == JobEvent.Type.DISCARDED && outcome.error() != null) {
			this.discardHooks.discarded(this.job, this.args, outcome.error());
		}
		this.onSettled.accept(this);
		return true;
	}

	private void log(Outcome outcome, Duration took) {
		String type = outcome.type().name().toLowerCase(Locale.ROOT);
		if (outcome.error() != null && outcome.type() != JobEvent.Type.CANCELLED) {
			logger.warn("Job {} kind={} id={} queue={} attempt={}/{} duration={}ms: {}", type, this.job.kind(),
					this.job.id(), this.job.queue(), this.job.attempt(), this.job.maxAttempts(), took.toMillis(),
					outcome.error().error());
		}
		else {
			// Completions at the configured level (debug unless set), the other
			// transitions at debug.
			Level level = (outcome.type() == JobEvent.Type.COMPLETED) ? this.telemetry.completedLevel() : Level.DEBUG;
			if (logger.isEnabledForLevel(level)) {
				logger.atLevel(level)
					.log("Job {} kind={} id={} queue={} attempt={} duration={}ms", type, this.job.kind(), this.job.id(),
							this.job.queue(), this.job.attempt(), took.toMillis());
			}
		}
	}

	private void observeOutcome(Outcome outcome) {
		// A snooze or a release is no error of the job's; a cancel is one only when it
		// recorded one.
		Throwable error = (outcome.error() != null) ? this.failure : null;
		try {
			this.observed.outcome(outcome.type(), error);
		}
		catch (RuntimeException ex) {
			logger.warn("Job observer failed for job {}: {}", this.job.id(), ex.toString());
		}
	}

	private void closeObservation() {
		try {
			this.observed.close();
		}
		catch (RuntimeException ex) {
			logger.warn("Job observer failed for job {}: {}", this.job.id(), ex.toString());
		}
	}

	/**
	 * Put the job's keys in the MDC for the handler's log lines.
	 * @return the values they had, to restore afterwards (a job run on a caller's thread
	 * must not wipe the caller's MDC)
	 */
	private String[] putMdc() {
		String[] values = { Long.toString(this.job.id()), this.job.kind(), this.job.queue(),
				Integer.toString(this.job.attempt()) };
		String[] previous = new String[MDC_KEYS.length];
		for (int i = 0; i < MDC_KEYS.length; i++) {
			previous[i] = MDC.get(MDC_KEYS[i]);
			MDC.put(MDC_KEYS[i], values[i]);
		}
		return previous;
	}

	private static void restoreMdc(String[] previous) {
		for (int i = 0; i < MDC_KEYS.length; i++) {
			if (previous[i] != null) {
				MDC.put(MDC_KEYS[i], previous[i]);
			}
			else {
				MDC.remove(MDC_KEYS[i]);
			}
		}
	}

	private Instant now() {
		return this.clock.instant();
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
	public void progress(double fraction) {
		if (!(fraction >= 0 && fraction <= 1)) {
			throw new IllegalArgumentException("progress must be a fraction from 0 to 1, but was " + fraction
					+ "; for a count use progress(done, total)");
		}
		this.telemetry.progress().progress(this.job, fraction, null, null);
	}

	@Override
	public void progress(long done, long total) {
		if (total < 1 || done < 0 || done > total) {
			throw new IllegalArgumentException("progress must be done of total with 0 <= done <= total and total >= 1,"
					+ " but was " + done + " of " + total);
		}
		this.telemetry.progress().progress(this.job, (double) done / total, done, total);
	}

	@Override
	public void log(String line) {
		this.telemetry.progress().log(this.job, Objects.requireNonNull(line, "line must not be null"));
	}

	@Override
	public synchronized Logger logger() {
		if (this.jobLogger == null) {
			this.jobLogger = LoggerFactory.getLogger("dev.jobs.job." + this.job.kind());
		}
		return this.jobLogger;
	}

	@Override
	public List<Job> dependencies() {
		return List.copyOf(dependencyMap().values());
	}

	@Override
	public <R> Optional<R> dependencyResult(long id, Class<R> type) {
		Job dependency = dependencyMap().get(id);
		if (dependency == null) {
			throw new IllegalArgumentException("Job " + this.job.id() + " does not depend on job " + id
					+ "; its dependencies are " + dependencyMap().keySet());
		}
		return Optional.ofNullable(dependency.result()).map((json) -> type.cast(this.results.bind(json, type)));
	}

	@Override
	public <R> Map<Long, R> dependencyResults(Class<R> type) {
		Map<Long, R> values = new LinkedHashMap<>();
		dependencyMap().forEach((id, dependency) -> {
			if (dependency.result() != null) {
				values.put(id, type.cast(this.results.bind(dependency.result(), type)));
			}
		});
		return Collections.unmodifiableMap(values);
	}

	@Override
	public WorkflowStatus addSteps(Workflow steps) {
		return this.results.addSteps(this.job, steps);
	}

	private synchronized Map<Long, Job> dependencyMap() {
		if (this.dependencies == null) {
			Map<Long, Job> byId = new TreeMap<>();
			this.results.store()
				.dependencies(this.job.id())
				.forEach((dependency) -> byId.put(dependency.id(), dependency));
			this.dependencies = Collections.unmodifiableMap(byId);
		}
		return this.dependencies;
	}

}
