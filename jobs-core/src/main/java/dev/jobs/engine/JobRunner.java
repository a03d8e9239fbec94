package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobEvent;
import dev.jobs.JobObserver;
import dev.jobs.JobsListener;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.Completion;
import dev.jobs.store.FetchParams;
import dev.jobs.store.JobStore;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import org.jspecify.annotations.Nullable;

/**
 * Runs one job at a time on the calling thread, as the engine would: the same
 * {@link Execution} binds the args, calls the handler with its {@code JobContext} and
 * enforces the timeout, and the same {@link Outcome} decides how the attempt ended. It is
 * what tests use to drive jobs without a running {@link Supervisor}: nothing runs in the
 * background except the thread that watches timeouts, which {@link #close()} stops.
 * <p>
 * A handler that ignores the interrupt of its timeout keeps the calling thread until it
 * returns, although its outcome is decided (and written) when the time is up.
 */
public final class JobRunner implements AutoCloseable {

	private static final int STAGE_BATCH = 1000;

	private final JobStore store;

	private final HandlerRegistry handlers;

	private final ArgsCodec codec;

	private final RetryPolicy retryPolicy;

	private final Duration defaultTimeout;

	private final Clock clock;

	private final JobsListener listener;

	private final String nodeId;

	private final DiscardHooks discardHooks;

	private final TimeoutWatch timeouts = new TimeoutWatch("jobs-runner-timeouts");

	private final WorkerThreads threads = WorkerThreads.create(false, 1);

	/** Adds workflow steps for the jobs it runs; set by the supervisor that made it. */
	private @Nullable Supplier<JobDispatcher> dispatcher;

	/**
	 * Let the jobs this runner runs add workflow steps through a dispatcher.
	 * @param dispatcher the dispatcher
	 * @return this runner
	 */
	JobRunner dispatcher(Supplier<JobDispatcher> dispatcher) {
		this.dispatcher = dispatcher;
		return this;
	}

	private final ProgressWriter progress;

	/**
	 * A runner.
	 * @param store where jobs are claimed and their outcomes written
	 * @param handlers the handlers
	 * @param codec binds args
	 * @param retryPolicy for handlers without their own
	 * @param defaultTimeout for jobs and handlers without their own
	 * @param clock the engine's clock
	 * @param listener hears the jobs' events, as the engine's listener would
	 * @param nodeId recorded as the node that attempted the jobs
	 */
	public JobRunner(JobStore store, HandlerRegistry handlers, ArgsCodec codec, RetryPolicy retryPolicy,
			Duration defaultTimeout, Clock clock, JobsListener listener, String nodeId) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
		this.discardHooks = new DiscardHooks(handlers, Objects.requireNonNull(codec, "codec must not be null"));
		this.codec = Objects.requireNonNull(codec, "codec must not be null");
		this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
		this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.listener = Objects.requireNonNull(listener, "listener must not be null");
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
		this.progress = new ProgressWriter(store, clock, ProgressWriter.DEFAULT_INTERVAL);
	}

	/**
	 * Claim the next available job of a queue (highest priority first, as producers
	 * claim), run it on this thread and write its outcome to the store.
	 * @param queue the queue
	 * @return how the attempt ended, or empty when the queue had no available job
	 */
	public Optional<JobEvent> runNext(String queue) {
		List<Job> claimed = this.store.fetch(new FetchParams(queue, 1, this.nodeId, this.clock.instant()));
		if (claimed.isEmpty()) {
			return Optional.empty();
		}
		List<Completion> completions = new ArrayList<>(1);
		JobEvent outcome = run(claimed.get(0), completions::add);
		this.store.complete(completions);
		return Optional.of(outcome);
	}

	/**
	 * Run a job that is not stored (or not claimed) on this thread and record nothing:
	 * the handler sees {@code job} as its context's job.
	 * @param job the job, as a claim would hand it over (state executing, attempt from 1)
	 * @return how the attempt ended
	 */
	public JobEvent perform(Job job) {
		Objects.requireNonNull(job, "job must not be null");
		return run(job, (completion) -> {
		});
	}

	/**
	 * Make every due scheduled and retryable job available, on the runner's clock.
	 * @return the queues that got jobs, with how many in all
	 */
	public StageResult stage() {
		int total = 0;
		Set<String> queues = new LinkedHashSet<>();
		StageResult result;
		do {
			result = this.store.stage(new StageParams(this.clock.instant(), STAGE_BATCH));
			total += result.staged();
			queues.addAll(result.queues());
		}
		while (result.staged() == STAGE_BATCH);
		return new StageResult(total, queues);
	}

	private JobEvent run(Job job, Consumer<Completion> completions) {
		AtomicReference<JobEvent> outcome = new AtomicReference<>();
		JobsListener listener = (event) -> {
			if (event.type() != JobEvent.Type.STARTED) {
				outcome.compareAndSet(null, event);
			}
			this.listener.onEvent(event);
		};
		Execution execution = new Execution(job, this.handlers, this.codec,
				new JobResults(this.codec, ExecutorConfig.DEFAULT_MAX_RESULT_BYTES, this.store, this.dispatcher),
				this.retryPolicy, this.defaultTimeout, completions, this.clock, listener, this.timeouts, this.threads,
				this.discardHooks, (settled) -> {
				}, new Telemetry(JobObserver.NONE, SupervisorBuilder.DEFAULT_COMPLETED_LOG_LEVEL, this.progress));
		execution.run();
		// On the caller's thread there is nothing to throttle: the report is written now.
		this.progress.flush();
		JobEvent event = outcome.get();
		if (event == null) {
			throw new IllegalStateException("Job " + job.id() + " ran but did not settle");
		}
		return event;
	}

	/**
	 * Stop the thread that watches timeouts. Idempotent.
	 */
	@Override
	public void close() {
		this.timeouts.stop();
		this.threads.shutdownNow();
	}

}
