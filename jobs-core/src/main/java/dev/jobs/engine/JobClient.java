package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobEvent;
import dev.jobs.JobObserver;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.JobsListener;
import dev.jobs.Workflow;
import dev.jobs.WorkflowStatus;
import dev.jobs.store.InsertParams;
import dev.jobs.store.Dependencies;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link JobDispatcher}: resolves each request's options (request, then handler, then
 * defaults), serializes its args once, and inserts in one round trip per call.
 * <p>
 * Once inserted jobs are visible (at once, or when the caller's transaction commits: see
 * {@link CommitHooks}), listeners hear {@code ENQUEUED} and the queues that got available
 * jobs are woken: this node's producers, when a supervisor built the client, and other
 * nodes through the store's notifier, outside the caller's transaction. A client made
 * with a constructor, on a store whose notifier announces (PostgreSQL), does that on a
 * thread of its own, started on first use; {@link #close()} stops it.
 */
public final class JobClient implements JobDispatcher, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(JobClient.class);

	private final JobStore store;

	private final HandlerRegistry handlers;

	private final ArgsCodec codec;

	private final ClientConfig config;

	private final Clock clock;

	private final JobsListener listener;

	private final CommitHooks commitHooks;

	/** Told the queues that got available jobs, with how many each got. */
	private final Consumer<Map<String, Integer>> onAvailable;

	private final @Nullable ClusterWake ownClusterWake;

	private final JobObserver observer;

	/**
	 * A client whose enqueues commit on their own.
	 * @param store where jobs go
	 * @param handlers the known handlers, for their defaults and to reject unknown kinds
	 * @param codec serializes args
	 * @param config defaults and limits
	 * @param clock the engine's clock
	 * @param listener hears {@code ENQUEUED} and {@code CANCELLED}
	 */
	public JobClient(JobStore store, HandlerRegistry handlers, ArgsCodec codec, ClientConfig config, Clock clock,
			JobsListener listener) {
		this(store, handlers, codec, config, clock, listener, CommitHooks.NONE);
	}

	/**
	 * A client that may enqueue in the caller's transactions.
	 * @param store where jobs go
	 * @param handlers the known handlers, for their defaults and to reject unknown kinds
	 * @param codec serializes args
	 * @param config defaults and limits
	 * @param clock the engine's clock
	 * @param listener hears {@code ENQUEUED} and {@code CANCELLED}
	 * @param commitHooks says when an enqueue's transaction commits
	 */
	public JobClient(JobStore store, HandlerRegistry handlers, ArgsCodec codec, ClientConfig config, Clock clock,
			JobsListener listener, CommitHooks commitHooks) {
		this(store, handlers, codec, config, clock, listener, commitHooks, JobObserver.NONE);
	}

	/**
	 * A client that may enqueue in the caller's transactions, observed.
	 * @param store where jobs go
	 * @param handlers the known handlers, for their defaults and to reject unknown kinds
	 * @param codec serializes args
	 * @param config defaults and limits
	 * @param clock the engine's clock
	 * @param listener hears {@code ENQUEUED} and {@code CANCELLED}
	 * @param commitHooks says when an enqueue's transaction commits
	 * @param observer watches each enqueue, and stamps its trace context on the jobs
	 */
	public JobClient(JobStore store, HandlerRegistry handlers, ArgsCodec codec, ClientConfig config, Clock clock,
			JobsListener listener, CommitHooks commitHooks, JobObserver observer) {
		this(store, handlers, codec, config, clock, listener, commitHooks,
				store.notifier().filter(JobNotifier::announces).map(ClusterWake::new).orElse(null), (queues) -> {
				}, observer);
	}

	/**
	 * A supervisor's client: {@code onAvailable} wakes its producers and cluster wake,
	 * told each queue that got available jobs with how many.
	 */
	JobClient(JobStore store, HandlerRegistry handlers, ArgsCodec codec, ClientConfig config, Clock clock,
			JobsListener listener, CommitHooks commitHooks, Consumer<Map<String, Integer>> onAvailable,
			JobObserver observer) {
		this(store, handlers, codec, config, clock, listener, commitHooks, null, onAvailable, observer);
	}

	private JobClient(JobStore store, HandlerRegistry handlers, ArgsCodec codec, ClientConfig config, Clock clock,
			JobsListener listener, CommitHooks commitHooks, @Nullable ClusterWake ownClusterWake,
			Consumer<Map<String, Integer>> onAvailable, JobObserver observer) {
		this.observer = Objects.requireNonNull(observer, "observer must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
		this.codec = Objects.requireNonNull(codec, "codec must not be null");
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		// Events are told after the jobs were stored (and maybe committed): a listener
		// that throws must not make the caller think the enqueue failed.
		this.listener = JobsListener.composite(List.of(Objects.requireNonNull(listener, "listener must not be null")));
		this.commitHooks = Objects.requireNonNull(commitHooks, "commitHooks must not be null");
		this.ownClusterWake = ownClusterWake;
		Objects.requireNonNull(onAvailable, "onAvailable must not be null");
		this.onAvailable = (ownClusterWake != null)
				? onAvailable.andThen((available) -> ownClusterWake.jobsAvailable(available.keySet())) : onAvailable;
	}

	@Override
	public Job enqueue(JobRequest request) {
		return enqueueAll(List.of(request)).get(0);
	}

	@Override
	public List<Job> enqueueAll(List<JobRequest> requests) {
		Objects.requireNonNull(requests, "requests must not be null");
		if (requests.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<JobInsert> inserts = new ArrayList<>(requests.size());
		for (JobRequest request : requests) {
			inserts.add(resolve(Objects.requireNonNull(request, "requests must not contain null"), now));
		}
		return insert(inserts, now);
	}

	@Override
	public WorkflowStatus enqueue(Workflow workflow) {
		Objects.requireNonNull(workflow, "workflow must not be null");
		Instant now = this.clock.instant();
		List<Job> jobs = insert(WorkflowInserts.of(workflow, 0, (request) -> resolve(request, now)), now);
		return WorkflowStatus.of(jobs.get(0).id(), jobs);
	}

	@Override
	public WorkflowStatus addSteps(long workflowId, Workflow steps) {
		Objects.requireNonNull(steps, "steps must not be null");
		List<Job> existing = this.store.workflow(workflowId);
		if (existing.isEmpty()) {
			throw new IllegalArgumentException("There is no workflow " + workflowId + " to add steps to");
		}
		for (Workflow.Step step : steps.steps()) {
			if (existing.stream().anyMatch((job) -> step.name().equals(job.step()))) {
				throw new IllegalArgumentException("Workflow " + workflowId + " has a step named '" + step.name()
						+ "' already; step names are unique in a workflow");
			}
		}
		Instant now = this.clock.instant();
		insert(WorkflowInserts.of(steps, workflowId, (request) -> resolve(request, now)), now);
		return WorkflowStatus.of(workflowId, this.store.workflow(workflowId));
	}

	@Override
	public Optional<WorkflowStatus> workflow(long workflowId) {
		List<Job> steps = this.store.workflow(workflowId);
		return steps.isEmpty() ? Optional.empty() : Optional.of(WorkflowStatus.of(workflowId, steps));
	}

	@Override
	public Optional<WorkflowStatus> cancelWorkflow(long workflowId) {
		List<Job> steps = this.store.workflow(workflowId);
		if (steps.isEmpty()) {
			return Optional.empty();
		}
		// Steps that wait for a cancelled one are cancelled with it by the store.
		for (Job step : steps) {
			if (!step.state().isFinal()) {
				cancel(step.id());
			}
		}
		return workflow(workflowId);
	}

	private List<Job> insert(List<JobInsert> inserts, Instant now) {
		List<Job> jobs = observedInsert(inserts, now);
		List<JobEvent> enqueued = new ArrayList<>(jobs.size());
		for (Job job : jobs) {
			enqueued.add(JobEvent.of(JobEvent.Type.ENQUEUED, job, now));
		}
		Committed pending = this.commitHooks.afterCommit(this, Committed::new);
		if (pending == null) {
			visible(enqueued);
		}
		else {
			pending.events.addAll(enqueued);
		}
		return jobs;
	}

	/**
	 * Insert, inside an enqueue observation when an observer is set: the observation
	 * stamps the jobs' meta with its trace context.
	 */
	private List<Job> observedInsert(List<JobInsert> inserts, Instant now) {
		if (this.observer == JobObserver.NONE) {
			return this.store.insert(new InsertParams(inserts, now));
		}
		JobObserver.Enqueue observed = this.observer.enqueue(inserts);
		Map<String, String> meta = observed.meta();
		List<JobInsert> stamped = meta.isEmpty() ? inserts
				: inserts.stream().map((insert) -> insert.withMeta(meta)).toList();
		List<Job> jobs;
		try {
			jobs = this.store.insert(new InsertParams(stamped, now));
		}
		catch (RuntimeException | Error ex) {
			observed.stop(List.of(), ex);
			throw ex;
		}
		observed.stop(jobs, null);
		return jobs;
	}

	/**
	 * Jobs are committed: tell the listeners, and wake the queues that got available
	 * jobs. Runs on the enqueuing thread, after its commit, so it must not throw.
	 */
	private void visible(List<JobEvent> enqueued) {
		Map<String, Integer> available = new LinkedHashMap<>();
		for (JobEvent event : enqueued) {
			this.listener.onEvent(event);
			if (event.job().state() == JobState.AVAILABLE) {
				available.merge(event.job().queue(), 1, Integer::sum);
			}
		}
		wake(available);
	}

	private void wake(Map<String, Integer> available) {
		if (available.isEmpty()) {
			return;
		}
		try {
			this.onAvailable.accept(available);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not wake queues {} after enqueueing; their jobs start at the next poll: {}",
					available.keySet(), ex.toString());
		}
	}

	private JobInsert resolve(JobRequest request, Instant now) {
		HandlerDefinition handler = handlerFor(request.kind());
		String queue = firstNonNull(request.queue(), (handler != null) ? handler.queue() : null,
				this.config.defaultQueue());
		int priority = firstNonNull(request.priority(), (handler != null) ? handler.priority() : null, 0);
		int maxAttempts = firstNonNull(request.maxAttempts(), (handler != null) ? handler.maxAttempts() : null,
				this.config.defaultMaxAttempts());
		Duration timeout = (request.timeout() != null) ? request.timeout()
				: (handler != null) ? handler.timeout() : null;
		String args = this.codec.serialize(request.args());
		int size = ClientConfig.utf8Length(args);
		if (size > this.config.maxArgsBytes()) {
			throw new IllegalArgumentException("Args of job kind '" + request.kind() + "' are " + size
					+ " bytes of JSON, over the limit of " + this.config.maxArgsBytes()
					+ " bytes; store large payloads elsewhere and pass a reference, or raise the limit");
		}
		Dependencies dependencies = request.dependsOn().isEmpty() ? Dependencies.NONE
				: new Dependencies(request.dependsOn(), List.of(), request.runAnyway());
		return new JobInsert(queue, request.kind(), args, priority, maxAttempts, scheduledAt(request, now),
				request.uniqueKey(), request.uniqueStrategy(), timeout, dependencies, null, request.limitKey(),
				request.tags(), Map.of());
	}

	private @Nullable HandlerDefinition handlerFor(String kind) {
		Optional<HandlerDefinition> handler = this.handlers.find(kind);
		if (handler.isEmpty() && this.config.rejectUnknownKinds() && !this.handlers.isEmpty()) {
			throw new IllegalArgumentException(
					"Unknown job kind '" + kind + "'; known kinds: " + this.handlers.kinds());
		}
		return handler.orElse(null);
	}

	private static Instant scheduledAt(JobRequest request, Instant now) {
		if (request.runAt() != null) {
			return request.runAt();
		}
		return (request.delay() != null) ? now.plus(request.delay()) : now;
	}

	@SafeVarargs
	private static <T> T firstNonNull(@Nullable T... candidates) {
		for (T candidate : candidates) {
			if (candidate != null) {
				return candidate;
			}
		}
		throw new IllegalStateException("No default among " + Arrays.toString(candidates));
	}

	@Override
	public Optional<Job> cancel(long id) {
		// Microseconds, as databases keep them, so that the returned finish time can be
		// compared with it.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Optional<Job> job = this.store.cancel(id, now);
		job.filter((cancelled) -> cancelled.state() == JobState.CANCELLED && now.equals(cancelled.finishedAt()))
			.ifPresent((cancelled) -> this.listener.onEvent(JobEvent.of(JobEvent.Type.CANCELLED, cancelled, now)));
		return job;
	}

	@Override
	public Optional<Job> retry(long id) {
		// The retry commits on its own connection: the job is visible when it returns.
		Optional<Job> job = this.store.retry(id, this.clock.instant());
		job.filter((retried) -> retried.state() == JobState.AVAILABLE)
			.ifPresent((retried) -> wake(Map.of(retried.queue(), 1)));
		return job;
	}

	/**
	 * Stop the thread that announces available jobs to other nodes, if this client has
	 * one of its own (a supervisor's client shares the supervisor's, which stops with
	 * it). Enqueueing still works; other nodes then find new jobs at their next poll.
	 */
	@Override
	public void close() {
		if (this.ownClusterWake != null) {
			this.ownClusterWake.stop(Duration.ofSeconds(1));
		}
	}

	/**
	 * What one transaction enqueued, made visible when it commits.
	 */
	private final class Committed implements Runnable {

		private final List<JobEvent> events = new ArrayList<>();

		@Override
		public void run() {
			visible(this.events);
		}

	}

}
