package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobsException;
import dev.jobs.JobsListener;
import dev.jobs.limit.JobLimits;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.Completion;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on this node: composes the engine's services and starts and stops them in
 * order. Start registers the node, then starts the services in the order of
 * {@link #services}: the completer, the heartbeat, the election and the leader's
 * maintenance, notifications, and the producers last. Stop reverses it gracefully: stop
 * claiming, let running jobs finish within the shutdown timeout (then interrupt them and
 * hand them back), write every outcome, resign the leader lease and deregister.
 */
public final class Supervisor implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Supervisor.class);

	/** Default of the shutdown timeout. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private final JobStore store;

	private final String nodeId;

	private final Duration shutdownTimeout;

	private final Map<String, Producer> producers = new LinkedHashMap<>();

	private final JobExecutor executor;

	private final Completer completer;

	private final Heartbeat heartbeat;

	private final Ticker heartbeats;

	private final Elector elector;

	private final OneShot oneShot;

	private final LeaderMaintenance maintenance;

	private final OrphanReleaser orphans;

	private final CronScheduler cron;

	private final JobClient client;

	private final @Nullable ClusterWake clusterWake;

	/** In start order; stopped in reverse. */
	private final List<Service> services;

	private final ProgressWriter progress;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final Set<String> unservedQueues = new TreeSet<>();

	private final Clock clock;

	private final Supplier<JobRunner> runners;

	private final NodeLimits limits;

	Supervisor(SupervisorBuilder builder) {
		this.store = builder.store;
		this.nodeId = builder.nodeId;
		this.shutdownTimeout = builder.shutdownTimeout;
		Clock clock = builder.clock;
		this.clock = clock;
		JobNotifier notifier = (builder.notifier != null) ? builder.notifier : builder.store.notifier().orElse(null);
		this.clusterWake = (notifier != null && notifier.announces()) ? new ClusterWake(notifier, this.nodeId) : null;
		this.maintenance = new LeaderMaintenance(builder, clock, this::isLeader, this::jobsAvailable);
		this.limits = new NodeLimits(builder, this::jobsAvailable);
		this.completer = new Completer(builder.completer, this.store,
				this.limits.afterWrites(this.maintenance::outcomesWritten));
		this.progress = new ProgressWriter(this.store, clock, builder.progressInterval);
		JobsListener listener = JobsListener.composite(List.of(builder.listener, this.maintenance::noteDue));
		int slots = builder.queues.values().stream().mapToInt(QueueConfig::concurrency).sum();
		this.executor = new JobExecutor(builder.executor, slots, builder.handlers, builder.codec, builder.retryPolicy,
				this.completer, clock, listener, this.store, this::dispatcher,
				new Telemetry(builder.observer, builder.completedLogLevel, this.progress));
		Producer ordered = builder.strictOrder.isEmpty() ? null : new Producer(builder.strictOrderConfig(),
				builder.strictOrder, this.store, this.executor, this.nodeId, clock, this::handBack);
		for (QueueConfig queue : builder.queues.values()) {
			this.producers.put(queue.name(), (ordered != null && builder.strictOrder.contains(queue.name())) ? ordered
					: new Producer(queue, this.store, this.executor, this.nodeId, clock, this::handBack));
		}
		for (Producer producer : new LinkedHashSet<>(this.producers.values())) {
			producer.limit(this.limits);
			producer.claimAhead(builder.claimAhead);
			producer.nanoTime(builder.nanoTime);
		}
		this.client = new JobClient(this.store, builder.handlers, builder.codec, builder.client, clock, listener,
				builder.commitHooks, this::committed, builder.observer);
		this.heartbeat = new Heartbeat(this.store, this.nodeId, clock, this::syncWithCluster);
		this.heartbeats = Ticker.steady("jobs-heartbeat", builder.heartbeat.interval(), this.heartbeat::beat);
		this.elector = new Elector(builder.leader, this.store, this.nodeId, clock, this.maintenance::onElected);
		this.orphans = new OrphanReleaser(this.store, this.nodeId, clock, builder.heartbeat.interval(),
				this::oldestClaimInFlight,
				(id) -> this.executor.isRunning(id) || this.completer.isUnwritten(id) || isHeldAhead(id),
				this.completer::submit);
		this.cron = new CronScheduler(builder.cronConfig, builder.cronEntrySource(), this.client, this.store, clock,
				this.elector::isLeader);
		this.oneShot = new OneShot(builder.runLimit, this.nodeId, this.producers.values(), this.running::get);
		this.services = services(builder, notifier);
		HandlerRegistry handlers = builder.handlers;
		ArgsCodec codec = builder.codec;
		RetryPolicy retryPolicy = builder.retryPolicy;
		Duration timeout = builder.executor.defaultTimeout();
		JobsListener events = builder.listener;
		this.runners = () -> new JobRunner(this.store, handlers, codec, retryPolicy, timeout, clock, events,
				this.nodeId)
			.dispatcher(() -> this.client);
		this.unservedQueues.addAll(builder.unservedQueues(this.producers.keySet()));
	}

	private List<Service> services(SupervisorBuilder builder, @Nullable JobNotifier notifier) {
		List<Service> all = new ArrayList<>();
		all.add(this.completer);
		// Stopped after the executor: the last reports of the jobs it ran are written.
		all.add(this.progress);
		all.add(this.heartbeats);
		all.add(this.elector);
		all.addAll(this.maintenance.services());
		all.add(this.cron);
		all.add(new Ticker("jobs-orphans", builder.heartbeat.interval(), this.orphans::release));
		if (this.clusterWake != null) {
			all.add(this.clusterWake);
		}
		if (notifier != null) {
			all.add(new Notifications(notifier, this.nodeId, this::heardOfJobs, this::cancelHere,
					this::catchUpWithCluster));
		}
		all.add(this.executor);
		all.addAll(new LinkedHashSet<>(this.producers.values()));
		return List.copyOf(all);
	}

	/**
	 * Completes when a one-shot node is done ({@link SupervisorBuilder#runLimit}): it has
	 * claimed its most jobs, or its queues are empty, and none of its jobs runs. Stop the
	 * supervisor then: it writes every outcome. Never completes without a limit.
	 * @return a future of the end
	 */
	public CompletableFuture<Void> finished() {
		return this.oneShot.finished();
	}

	public static SupervisorBuilder builder(JobStore store) {
		return new SupervisorBuilder(store);
	}

	/**
	 * Start working. Idempotent.
	 * @throws JobsException if the node cannot register with the store
	 * @throws IllegalStateException if a service cannot start (two cron entries with one
	 * name, say); the services already started are stopped again
	 */
	public synchronized void start() {
		if (this.stopped.get()) {
			throw new IllegalStateException(
					"Supervisor of node " + this.nodeId + " was stopped and cannot be started again; build a new one");
		}
		if (!this.running.compareAndSet(false, true)) {
			return;
		}
		try {
			// Registered before the first claim: a
			// node without a heartbeat counts as dead.
			this.heartbeat.beat();
		}
		catch (RuntimeException ex) {
			this.running.set(false);
			throw new JobsException("Could not register node " + this.nodeId + " with the job store, so the "
					+ "supervisor did not start; check the database connection: " + ex.getMessage(), ex);
		}
		electOnce();
		List<Service> started = new ArrayList<>();
		try {
			this.limits.resolve();
			JobLimits limits = this.limits.limits();
			if (!limits.isEmpty()) {
				this.store.prepareLimits(limits);
			}
			for (Service service : this.services) {
				service.start();
				started.add(service);
			}
		}
		catch (RuntimeException ex) {
			// Some services cannot start twice (the executor's threads, the cluster
			// wake): a supervisor whose start failed is done, like a stopped one.
			this.stopped.set(true);
			stopAll(started, Duration.ofSeconds(5));
			stopClusterWake();
			this.running.set(false);
			deregister();
			throw ex;
		}
		logger.info("Jobs supervisor started on node {}: queues {}, leader={}", this.nodeId, describeQueues(),
				this.elector.isLeader());
		if (!this.unservedQueues.isEmpty()) {
			logger.warn(
					"Jobs go to queues {} (the default queue or handlers' queues) but this node does not run them: "
							+ "they wait until a node that does runs them; configure those queues here if none does",
					this.unservedQueues);
		}
	}

	private void electOnce() {
		try {
			this.elector.elect();
		}
		catch (RuntimeException ex) {
			logger.warn("Leader election failed at start; trying again in the background: {}", ex.toString());
		}
	}

	/**
	 * Stop gracefully within the configured shutdown timeout. Idempotent, and safe to
	 * call before start.
	 */
	public void stop() {
		stop(this.shutdownTimeout);
	}

	/**
	 * Stop gracefully: stop claiming, let running jobs finish until {@code timeout}, then
	 * interrupt them and hand them back as available; write every outcome, resign as
	 * leader and deregister.
	 * @param timeout how long running jobs may take to finish
	 */
	public synchronized void stop(Duration timeout) {
		if (!this.running.compareAndSet(true, false)) {
			// Never started, or stopped already: jobs enqueued through its dispatcher may
			// have started the cluster wake's thread.
			stopClusterWake();
			return;
		}
		this.stopped.set(true);
		long started = System.nanoTime();
		stopAll(this.services, timeout);
		deregister();
		logger.info("Jobs supervisor stopped on node {} in {} ms ({} running jobs handed back)", this.nodeId,
				Duration.ofNanos(System.nanoTime() - started).toMillis(), this.executor.handedBack());
	}

	/**
	 * Stop gracefully, as {@link #stop()} does, so that a container closing what it built
	 * (a Spring context) stops a supervisor it never started or left running.
	 */
	@Override
	public void close() {
		stop();
	}

	private void stopClusterWake() {
		if (this.clusterWake != null) {
			this.clusterWake.stop(Duration.ofSeconds(1));
		}
	}

	private static void stopAll(List<Service> services, Duration timeout) {
		for (int i = services.size() - 1; i >= 0; i--) {
			services.get(i).stop(timeout);
		}
	}

	private void deregister() {
		try {
			this.store.deregister(this.nodeId);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not deregister node {}: {}", this.nodeId, ex.toString());
		}
	}

	public boolean isRunning() {
		return this.running.get();
	}

	/**
	 * A dispatcher that enqueues through this supervisor's store, with its handlers'
	 * defaults, and wakes this node's producers once the jobs are committed.
	 * @return the dispatcher
	 */
	public JobDispatcher dispatcher() {
		return this.client;
	}

	/**
	 * A runner that runs jobs one at a time on the calling thread with this supervisor's
	 * store, handlers, codec, retry policy, timeout, clock and listener: for tests that
	 * drive jobs themselves, whether or not the supervisor runs. The caller closes it.
	 * @return a new runner
	 */
	public JobRunner runner() {
		return this.runners.get();
	}

	/**
	 * Look for jobs of a queue now (a no-op for queues this node does not run).
	 * @param queue the queue
	 */
	public void wake(String queue) {
		wake(queue, 0);
	}

	/**
	 * Look for jobs of a queue now, told how many this node committed there (0 when it
	 * does not know).
	 */
	private void wake(String queue, int jobs) {
		Producer producer = this.producers.get(queue);
		if (producer != null) {
			producer.wake(jobs);
		}
	}

	/**
	 * Another node (or this one) said a queue has jobs. A queue this node holds paused
	 * may have been resumed elsewhere, which is said the same way: ask the store, rather
	 * than wait for the next heartbeat to learn it.
	 */
	private void heardOfJobs(String queue) {
		Producer producer = this.producers.get(queue);
		if (producer == null) {
			return;
		}
		if (producer.isPaused(queue)) {
			try {
				producer.setPaused(queue, this.store.pausedQueues().contains(queue));
			}
			catch (RuntimeException ex) {
				// The next heartbeat reads it again.
				logger.debug("Could not read whether queue {} is still paused: {}", queue, ex.toString());
			}
		}
		producer.wake();
	}

	/**
	 * Jobs became available in these queues, committed: wake this node's producers at
	 * once and, outside any transaction, the other nodes'.
	 */
	private void jobsAvailable(Collection<String> queues) {
		queues.forEach(this::wake);
		wakeOtherNodes(queues);
	}

	/**
	 * This node committed available jobs, so many per queue: wake its producers, each
	 * told how many it will find, and, outside any transaction, the other nodes'.
	 */
	private void committed(Map<String, Integer> available) {
		available.forEach(this::wake);
		wakeOtherNodes(available.keySet());
	}

	private void wakeOtherNodes(Collection<String> queues) {
		if (this.clusterWake != null) {
			this.clusterWake.jobsAvailable(queues);
		}
	}

	/**
	 * Pause a queue on every node: jobs stay, nobody claims them. Running jobs finish.
	 * @param queue the queue
	 */
	public void pause(String queue) {
		this.store.setPaused(queue, true);
		Producer producer = this.producers.get(queue);
		if (producer != null) {
			producer.setPaused(queue, true);
		}
	}

	/**
	 * Resume a paused queue on every node.
	 * @param queue the queue
	 */
	public void resume(String queue) {
		this.store.setPaused(queue, false);
		Producer producer = this.producers.get(queue);
		if (producer != null) {
			producer.setPaused(queue, false);
		}
	}

	public String nodeId() {
		return this.nodeId;
	}

	public boolean isLeader() {
		return this.elector.isLeader();
	}

	/**
	 * The queues this node runs, with their settings and what runs now. Queues taken in
	 * strict order show the slots they share.
	 * @return one entry per queue
	 */
	public List<QueueStatus> queues() {
		List<QueueStatus> statuses = new ArrayList<>();
		this.producers.forEach((queue, producer) -> statuses.add(new QueueStatus(queue, producer.config().concurrency(),
				producer.inFlight(queue), producer.isPaused(queue))));
		return statuses;
	}

	/** The cluster-wide limits and the node-wide cap, with what uses them now. */
	public LimitStatus limitStatus() {
		return this.limits.status(this.store, this.clock.instant());
	}

	/**
	 * The recurring jobs this node enqueues while it leads.
	 * @return the entries, empty before start
	 */
	public List<CronEntry> cronEntries() {
		// Their source may be complete only at start (annotated handlers are found late).
		return (this.running.get() || this.stopped.get()) ? this.cron.entries() : List.of();
	}

	/**
	 * Outcomes waiting to be written.
	 * @return the count
	 */
	public int completerBacklog() {
		return this.completer.backlog();
	}

	/**
	 * Make every due scheduled and retryable job available now, whether or not this node
	 * leads: for tests on a controllable clock, and for operators who cannot wait for the
	 * stager's next tick.
	 * @return how many jobs became available
	 */
	public int stage() {
		return this.maintenance.stage();
	}

	/**
	 * Hand back the jobs of dead nodes now, whether or not this node leads.
	 * @return how many jobs were handed back
	 */
	public int rescue() {
		return this.maintenance.rescue();
	}

	/**
	 * Delete finished jobs past their retention now, whether or not this node leads.
	 * @return how many jobs were deleted
	 */
	public int prune() {
		return this.maintenance.prune();
	}

	/**
	 * Enqueue the cron ticks that came due since the previous check now, whether or not
	 * this node leads or the supervisor runs: for tests on a controllable clock. The
	 * first check starts each schedule from the misfire grace before now, as a new leader
	 * does, so a test moves the clock to just past a tick: a tick missed by more than the
	 * grace is skipped as in production.
	 * @return how many jobs were enqueued
	 * @throws IllegalStateException if two cron entries share a name
	 */
	public int checkCron() {
		return this.cron.checkNow();
	}

	// Parts reached by the engine's own tests.

	Heartbeat heartbeat() {
		return this.heartbeat;
	}

	Elector elector() {
		return this.elector;
	}

	CronScheduler cron() {
		return this.cron;
	}

	int releaseOrphans() {
		return this.orphans.release();
	}

	int heldAhead() {
		return new LinkedHashSet<>(this.producers.values()).stream().mapToInt(Producer::held).sum();
	}

	/**
	 * Whether every producer's last claim found nothing.
	 */
	boolean isDrained() {
		return this.producers.values().stream().allMatch(Producer::isDrained);
	}

	boolean holds(long id) {
		return isHeldAhead(id);
	}

	/**
	 * The notifier began to listen: notifications sent before it did (jobs committed by
	 * other nodes, a cancel of a job that runs here) went unheard. Look for jobs now, and
	 * beat at once, which reads the cancel requests and paused queues.
	 */
	private void catchUpWithCluster() {
		new LinkedHashSet<>(this.producers.values()).forEach(Producer::wake);
		this.heartbeats.wake();
	}

	private void syncWithCluster() {
		Set<String> paused = this.store.pausedQueues();
		this.producers.forEach((queue, producer) -> producer.setPaused(queue, paused.contains(queue)));
		this.store.cancelRequested(this.nodeId).forEach(this::cancelHere);
	}

	/**
	 * Pass a cancel request to the job if it runs here, or to its producer if it is held
	 * there, claimed ahead: it is cancelled as it starts.
	 */
	private void cancelHere(long id) {
		if (this.executor.cancel(id)) {
			return;
		}
		for (Producer producer : this.producers.values()) {
			if (producer.cancelWhenStarted(id)) {
				return;
			}
		}
		// It may have left its producer's hands for the executor in the meantime.
		this.executor.cancel(id);
	}

	private boolean isHeldAhead(long id) {
		for (Producer producer : this.producers.values()) {
			if (producer.holds(id)) {
				return true;
			}
		}
		return false;
	}

	private @Nullable Instant oldestClaimInFlight() {
		Instant oldest = null;
		for (Producer producer : this.producers.values()) {
			Instant since = producer.claimInFlightSince();
			if (since != null && (oldest == null || since.isBefore(oldest))) {
				oldest = since;
			}
		}
		return oldest;
	}

	private void handBack(List<Job> jobs) {
		Instant now = this.clock.instant();
		for (Job job : jobs) {
			this.completer.submit(Completion.release(job, now));
		}
		logger.debug("Handed back {} claimed jobs that did not start on node {}", jobs.size(), this.nodeId);
	}

	private String describeQueues() {
		return new LinkedHashSet<>(this.producers.values()).stream()
			.map((producer) -> String.join(">", producer.queues()) + "=" + producer.config().concurrency())
			.collect(Collectors.joining(", ", "[", "]"));
	}

	/**
	 * A queue's status on this node.
	 *
	 * @param name the queue
	 * @param concurrency its most jobs at once
	 * @param running jobs running now
	 * @param paused whether claiming is paused
	 */
	public record QueueStatus(String name, int concurrency, int running, boolean paused) {
	}

}
