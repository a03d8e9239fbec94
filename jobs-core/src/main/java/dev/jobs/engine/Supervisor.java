package dev.jobs.engine;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobEvent;
import dev.jobs.JobState;
import dev.jobs.JobsException;
import dev.jobs.JobsListener;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.Completion;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on this node: composes the engine's parts and starts and stops them in order.
 * Start registers the node, then maintenance, then the producers; stop reverses it
 * gracefully: stop claiming, let running jobs finish within the shutdown timeout (then
 * interrupt them and hand them back), write every outcome, resign the leader lease and
 * deregister.
 */
public final class Supervisor {

	private static final Logger logger = LoggerFactory.getLogger(Supervisor.class);

	/** Default of the shutdown timeout. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

	private static final int ORPHAN_PAGE = 1_000;

	private final JobStore store;

	private final String nodeId;

	private final Duration shutdownTimeout;

	private final Map<String, Producer> producers = new LinkedHashMap<>();

	private final JobExecutor executor;

	private final Completer completer;

	private final Heartbeat heartbeat;

	private final Elector elector;

	private final Stager stager;

	private final Rescuer rescuer;

	private final Pruner pruner;

	private final CronScheduler cron;

	private final JobClient client;

	private final @Nullable JobNotifier notifier;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final Set<String> unservedQueues = new TreeSet<>();

	private final Clock clock;

	private final Duration orphanGrace;

	private JobNotifier.@Nullable Subscription subscription;

	private Supervisor(Builder builder) {
		this.store = builder.store;
		this.nodeId = builder.nodeId;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.clock = builder.clock;
		this.orphanGrace = builder.maintenance.heartbeatInterval();
		this.notifier = (builder.notifier != null) ? builder.notifier : builder.store.notifier().orElse(null);
		JobsListener listener = JobsListener.composite(List.of(builder.listener, this::wakeOnEnqueue));
		MaintenanceConfig maintenance = builder.maintenance;
		this.completer = new Completer(builder.completer, this.store);
		int slots = builder.queues.values().stream().mapToInt(QueueConfig::concurrency).sum();
		this.executor = new JobExecutor(builder.executor, slots, builder.handlers, builder.codec, builder.retryPolicy,
				this.completer, builder.clock, listener);
		for (QueueConfig queue : builder.queues.values()) {
			this.producers.put(queue.name(),
					new Producer(queue, this.store, this.executor, this.nodeId, builder.clock, this::handBack));
		}
		this.heartbeat = new Heartbeat(maintenance.heartbeatInterval(), this.store, this.nodeId, builder.clock,
				this::syncWithCluster);
		this.elector = new Elector(maintenance.leaderTtl(), this.store, this.nodeId, builder.clock);
		this.stager = new Stager(maintenance.stageInterval(), maintenance.batchSize(), this.store, builder.clock,
				this.elector::isLeader, this::wake);
		this.rescuer = new Rescuer(maintenance.rescueInterval(), maintenance.nodeExpiry(), maintenance.batchSize(),
				this.store, builder.clock, this.elector::isLeader, listener);
		this.pruner = new Pruner(maintenance, this.store, builder.clock, this.elector::isLeader);
		this.client = new JobClient(this.store, builder.handlers, builder.codec, builder.client, builder.clock,
				listener);
		if (!this.producers.containsKey(builder.client.defaultQueue())) {
			this.unservedQueues.add(builder.client.defaultQueue());
		}
		for (String kind : builder.handlers.kinds()) {
			builder.handlers.find(kind)
				.map(HandlerDefinition::queue)
				.filter((queue) -> !this.producers.containsKey(queue))
				.ifPresent(this.unservedQueues::add);
		}
		this.cron = new CronScheduler(builder.cronConfig, builder.cronEntries, this.client, this.store, builder.clock,
				this.elector::isLeader);
	}

	public static Builder builder(JobStore store) {
		return new Builder(store);
	}

	/**
	 * Start working. Idempotent.
	 */
	public void start() {
		if (this.stopped.get()) {
			throw new IllegalStateException(
					"Supervisor of node " + this.nodeId + " was stopped and cannot be started again; build a new one");
		}
		if (!this.running.compareAndSet(false, true)) {
			return;
		}
		try {
			// Registered before the first claim: a node without a heartbeat counts as
			// dead.
			this.heartbeat.beat();
		}
		catch (RuntimeException ex) {
			this.running.set(false);
			throw new JobsException("Could not register node " + this.nodeId + " with the job store, so the "
					+ "supervisor did not start; check the database connection: " + ex.getMessage(), ex);
		}
		this.completer.start();
		this.heartbeat.start();
		electOnce();
		this.elector.start();
		this.stager.start();
		this.rescuer.start();
		this.pruner.start();
		this.cron.start();
		if (this.notifier != null) {
			this.subscription = this.notifier.subscribe(new NotificationListener());
		}
		this.producers.values().forEach(Producer::start);
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
	 * Stop gracefully within the configured shutdown timeout. Idempotent, and safe before
	 * start.
	 */
	public void stop() {
		stop(this.shutdownTimeout);
	}

	/**
	 * Stop gracefully: stop claiming, let running jobs finish until {@code timeout}, then
	 * interrupt them and hand them back as available; write every outcome, resign and
	 * deregister.
	 * @param timeout how long running jobs may take to finish
	 */
	public void stop(Duration timeout) {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		this.stopped.set(true);
		long started = System.nanoTime();
		this.producers.values().forEach((producer) -> producer.stop(timeout));
		if (this.subscription != null) {
			this.subscription.close();
		}
		int released = this.executor.shutdown(timeout);
		this.completer.stop(timeout.plusSeconds(5));
		this.cron.stop();
		this.stager.stop();
		this.rescuer.stop();
		this.pruner.stop();
		this.elector.stop();
		this.heartbeat.stop();
		try {
			this.store.deregister(this.nodeId);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not deregister node {}: {}", this.nodeId, ex.toString());
		}
		logger.info("Jobs supervisor stopped on node {} in {} ms ({} running jobs handed back)", this.nodeId,
				Duration.ofNanos(System.nanoTime() - started).toMillis(), released);
	}

	public boolean isRunning() {
		return this.running.get();
	}

	/**
	 * A dispatcher that enqueues through this supervisor's store, with its handlers'
	 * defaults.
	 * @return the dispatcher
	 */
	public JobDispatcher dispatcher() {
		return this.client;
	}

	/**
	 * Look for jobs of a queue now (a no-op for queues this node does not run).
	 * @param queue the queue
	 */
	public void wake(String queue) {
		Producer producer = this.producers.get(queue);
		if (producer != null) {
			producer.wake();
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
			producer.setPaused(true);
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
			producer.setPaused(false);
		}
	}

	public String nodeId() {
		return this.nodeId;
	}

	public boolean isLeader() {
		return this.elector.isLeader();
	}

	/**
	 * The queues this node runs, with their settings and what runs now.
	 * @return one entry per queue
	 */
	public List<QueueStatus> queues() {
		List<QueueStatus> statuses = new ArrayList<>();
		for (Producer producer : this.producers.values()) {
			statuses.add(new QueueStatus(producer.queue(), producer.config().concurrency(), producer.inFlight(),
					producer.isPaused()));
		}
		return statuses;
	}

	/**
	 * Outcomes waiting to be written.
	 * @return the count
	 */
	public int completerBacklog() {
		return this.completer.backlog();
	}

	// Parts exposed for tests and for callers that drive maintenance by hand.

	public Stager stager() {
		return this.stager;
	}

	public Rescuer rescuer() {
		return this.rescuer;
	}

	public Pruner pruner() {
		return this.pruner;
	}

	public CronScheduler cron() {
		return this.cron;
	}

	public Heartbeat heartbeat() {
		return this.heartbeat;
	}

	public Elector elector() {
		return this.elector;
	}

	private void syncWithCluster() {
		Set<String> paused = this.store.pausedQueues();
		this.producers.values().forEach((producer) -> producer.setPaused(paused.contains(producer.queue())));
		this.store.cancelRequested(this.nodeId).forEach(this.executor::cancel);
		releaseOrphans();
	}

	/**
	 * Hand back jobs the store shows executing on this node that this node does not run:
	 * a claim whose reply was lost (the connection died after the commit), or an outcome
	 * lost with the last moments of a database crash (outcomes need not wait for the
	 * flush), leaves such a job, and since this node is alive the rescuer would never
	 * touch it. Claims younger than a heartbeat are left alone: they may be on their way
	 * to the executor.
	 * @return how many jobs were handed back
	 */
	int releaseOrphans() {
		Instant now = this.clock.instant();
		Instant claimedBefore = now.minus(this.orphanGrace);
		for (Producer producer : this.producers.values()) {
			Instant inFlight = producer.claimInFlightSince();
			if (inFlight != null && inFlight.minusMillis(1).isBefore(claimedBefore)) {
				// Jobs of a slow claim may still be on their way to the executor (the
				// store may round the claim
				// time down a little).
				claimedBefore = inFlight.minusMillis(1);
			}
		}
		int released = 0;
		Long beforeId = null;
		List<Job> page;
		do {
			page = this.store.list(ListParams.executingOn(this.nodeId, beforeId, ORPHAN_PAGE));
			for (Job job : page) {
				if (this.nodeId.equals(job.attemptedBy()) && job.attemptedAt() != null
						&& job.attemptedAt().isBefore(claimedBefore) && !this.executor.isRunning(job.id())
						&& !this.completer.isUnwritten(job.id())) {
					logger.warn(
							"Job kind={} id={} queue={} is executing on this node ({}) in the store but is not "
									+ "running here (its claim's reply or its outcome was lost); handing it back",
							job.kind(), job.id(), job.queue(), this.nodeId);
					this.completer.submit(Completion.release(job, now));
					released++;
				}
				beforeId = job.id();
			}
		}
		while (page.size() == ORPHAN_PAGE);
		return released;
	}

	private void handBack(List<Job> jobs) {
		Instant now = this.clock.instant();
		for (Job job : jobs) {
			this.completer.submit(Completion.release(job, now));
		}
		logger.debug("Handed back {} claimed jobs that did not start on node {}", jobs.size(), this.nodeId);
	}

	private void wakeOnEnqueue(JobEvent event) {
		if (event.type() == JobEvent.Type.ENQUEUED && event.job().state() == JobState.AVAILABLE) {
			wake(event.job().queue());
		}
	}

	private String describeQueues() {
		StringBuilder description = new StringBuilder("[");
		this.producers.values()
			.forEach((producer) -> description.append((description.length() > 1) ? ", " : "")
				.append(producer.queue())
				.append('=')
				.append(producer.config().concurrency()));
		return description.append(']').toString();
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

	private final class NotificationListener implements JobNotifier.Listener {

		@Override
		public void jobsAvailable(String queue) {
			wake(queue);
		}

		@Override
		public void cancelRequested(long id) {
			Supervisor.this.executor.cancel(id);
		}

	}

	/**
	 * Builds a {@link Supervisor}. Every setting has a default; at least one queue is
	 * needed.
	 */
	public static final class Builder {

		private final JobStore store;

		private final Map<String, QueueConfig> queues = new LinkedHashMap<>();

		private HandlerRegistry handlers = new HandlerRegistry();

		private ArgsCodec codec;

		private Clock clock = Clock.systemUTC();

		private JobsListener listener = JobsListener.NONE;

		private String nodeId = defaultNodeId();

		private ExecutorConfig executor = ExecutorConfig.DEFAULT;

		private CompleterConfig completer = CompleterConfig.DEFAULT;

		private MaintenanceConfig maintenance = MaintenanceConfig.DEFAULT;

		private ClientConfig client = ClientConfig.DEFAULT;

		private RetryPolicy retryPolicy = RetryPolicy.defaultPolicy();

		private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

		private @Nullable JobNotifier notifier;

		private final List<CronEntry> cronEntries = new ArrayList<>();

		private CronConfig cronConfig = CronConfig.DEFAULT;

		private Builder(JobStore store) {
			this.store = Objects.requireNonNull(store, "store must not be null");
		}

		public Builder handlers(HandlerRegistry handlers) {
			this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
			return this;
		}

		public Builder codec(ArgsCodec codec) {
			this.codec = Objects.requireNonNull(codec, "codec must not be null");
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		public Builder listener(JobsListener listener) {
			this.listener = Objects.requireNonNull(listener, "listener must not be null");
			return this;
		}

		public Builder nodeId(String nodeId) {
			Config.requireName(nodeId, "nodeId");
			this.nodeId = nodeId;
			return this;
		}

		public Builder queue(QueueConfig queue) {
			Objects.requireNonNull(queue, "queue must not be null");
			if (this.queues.putIfAbsent(queue.name(), queue) != null) {
				throw new IllegalArgumentException("Queue '" + queue.name() + "' is configured twice");
			}
			return this;
		}

		public Builder queue(String name, int concurrency) {
			return queue(QueueConfig.of(name, concurrency));
		}

		public Builder executor(ExecutorConfig executor) {
			this.executor = Objects.requireNonNull(executor, "executor must not be null");
			return this;
		}

		public Builder completer(CompleterConfig completer) {
			this.completer = Objects.requireNonNull(completer, "completer must not be null");
			return this;
		}

		public Builder maintenance(MaintenanceConfig maintenance) {
			this.maintenance = Objects.requireNonNull(maintenance, "maintenance must not be null");
			return this;
		}

		public Builder client(ClientConfig client) {
			this.client = Objects.requireNonNull(client, "client must not be null");
			return this;
		}

		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
			return this;
		}

		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = Config.requirePositive(shutdownTimeout, "shutdownTimeout");
			return this;
		}

		/**
		 * Add a recurring job, enqueued by the leader once per tick.
		 * @param entry the entry
		 * @return this builder
		 */
		public Builder cron(CronEntry entry) {
			this.cronEntries.add(Objects.requireNonNull(entry, "entry must not be null"));
			return this;
		}

		public Builder cronConfig(CronConfig cronConfig) {
			this.cronConfig = Objects.requireNonNull(cronConfig, "cronConfig must not be null");
			return this;
		}

		/**
		 * Use this notifier instead of the store's own.
		 * @param notifier the notifier
		 * @return this builder
		 */
		public Builder notifier(JobNotifier notifier) {
			this.notifier = Objects.requireNonNull(notifier, "notifier must not be null");
			return this;
		}

		public Supervisor build() {
			if (this.queues.isEmpty()) {
				throw new IllegalStateException("No queues configured: add at least one, such as queue(\""
						+ ClientConfig.DEFAULT_QUEUE + "\", " + QueueConfig.DEFAULT_CONCURRENCY + ")");
			}
			if (this.codec == null) {
				this.codec = new JacksonArgsCodec();
			}
			return new Supervisor(this);
		}

		private static String defaultNodeId() {
			String host;
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (Exception ex) {
				host = "localhost";
			}
			String pid = Long.toString(ManagementFactory.getRuntimeMXBean().getPid());
			return host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 8);
		}

	}

}
