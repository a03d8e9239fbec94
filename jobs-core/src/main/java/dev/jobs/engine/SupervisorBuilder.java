package dev.jobs.engine;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.JobObserver;
import dev.jobs.JobsListener;
import dev.jobs.internal.Require;
import dev.jobs.limit.JobLimit;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * Builds a {@link Supervisor}. Every setting has a default; at least one queue is needed.
 */
public final class SupervisorBuilder {

	/** The level of the "job completed" line unless set: quiet in production. */
	public static final Level DEFAULT_COMPLETED_LOG_LEVEL = Level.DEBUG;

	/** How often handlers' progress and log lines are written unless set. */
	public static final Duration DEFAULT_PROGRESS_INTERVAL = ProgressWriter.DEFAULT_INTERVAL;

	final JobStore store;

	final Map<String, QueueConfig> queues = new LinkedHashMap<>();

	List<String> strictOrder = List.of();

	RunLimit runLimit = RunLimit.NONE;

	HandlerRegistry handlers = new HandlerRegistry();

	ArgsCodec codec;

	Clock clock = Clock.systemUTC();

	JobsListener listener = JobsListener.NONE;

	JobObserver observer = JobObserver.NONE;

	Level completedLogLevel = DEFAULT_COMPLETED_LOG_LEVEL;

	Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;

	String nodeId = defaultNodeId();

	ExecutorConfig executor = ExecutorConfig.DEFAULT;

	CompleterConfig completer = CompleterConfig.DEFAULT;

	HeartbeatConfig heartbeat = HeartbeatConfig.DEFAULT;

	LeaderConfig leader = LeaderConfig.DEFAULT;

	StagerConfig stager = StagerConfig.DEFAULT;

	RescuerConfig rescuer = RescuerConfig.DEFAULT;

	PrunerConfig pruner = PrunerConfig.DEFAULT;

	CommitHooks commitHooks = CommitHooks.NONE;

	ClientConfig client = ClientConfig.DEFAULT;

	RetryPolicy retryPolicy = RetryPolicy.defaultPolicy();

	Duration shutdownTimeout = Supervisor.DEFAULT_SHUTDOWN_TIMEOUT;

	@Nullable JobNotifier notifier;

	final List<CronEntry> cronEntries = new ArrayList<>();

	final List<Supplier<? extends Collection<CronEntry>>> cronSources = new ArrayList<>();

	CronConfig cronConfig = CronConfig.DEFAULT;

	final List<JobLimit> limits = new ArrayList<>();

	final List<Supplier<? extends Collection<JobLimit>>> limitSources = new ArrayList<>();

	int nodeConcurrency;

	boolean claimAhead = true;

	LongSupplier nanoTime = System::nanoTime;

	SupervisorBuilder(JobStore store) {
		this.store = Objects.requireNonNull(store, "store must not be null");
	}

	public SupervisorBuilder handlers(HandlerRegistry handlers) {
		this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
		return this;
	}

	public SupervisorBuilder codec(ArgsCodec codec) {
		this.codec = Objects.requireNonNull(codec, "codec must not be null");
		return this;
	}

	public SupervisorBuilder clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		return this;
	}

	public SupervisorBuilder listener(JobsListener listener) {
		this.listener = Objects.requireNonNull(listener, "listener must not be null");
		return this;
	}

	/**
	 * Watch every enqueue and attempt, for tracing; {@link JobObserver#NONE} by default.
	 * @param observer the observer
	 * @return this builder
	 */
	public SupervisorBuilder observer(JobObserver observer) {
		this.observer = Objects.requireNonNull(observer, "observer must not be null");
		return this;
	}

	/**
	 * The level of the line logged when a job completes (failures log at WARN, other
	 * transitions at DEBUG); {@link #DEFAULT_COMPLETED_LOG_LEVEL} by default.
	 * @param level the level, such as INFO for a development setup
	 * @return this builder
	 */
	public SupervisorBuilder completedLogLevel(Level level) {
		this.completedLogLevel = Objects.requireNonNull(level, "completedLogLevel must not be null");
		return this;
	}

	/**
	 * How often the progress and log lines that handlers report are written: each job's
	 * latest report at most once per interval, all jobs' reports in one batch;
	 * {@link #DEFAULT_PROGRESS_INTERVAL} by default.
	 * @param interval the interval
	 * @return this builder
	 */
	public SupervisorBuilder progressInterval(Duration interval) {
		this.progressInterval = Require.positive(interval, "progressInterval");
		return this;
	}

	public SupervisorBuilder nodeId(String nodeId) {
		Require.name(nodeId, "nodeId");
		this.nodeId = nodeId;
		return this;
	}

	public SupervisorBuilder queue(QueueConfig queue) {
		Objects.requireNonNull(queue, "queue must not be null");
		if (this.queues.putIfAbsent(queue.name(), queue) != null) {
			throw new IllegalArgumentException("Queue '" + queue.name() + "' is configured twice");
		}
		return this;
	}

	public SupervisorBuilder queue(String name, int concurrency) {
		return queue(QueueConfig.of(name, concurrency));
	}

	/**
	 * Take these queues in strict order: a job of an earlier queue always starts before
	 * one of a later queue when both wait. They share one set of slots (the sum of their
	 * concurrency, their largest fetch limit and shortest poll interval) instead of each
	 * having its own. Each must also be configured with {@link #queue}.
	 * @param queues two or more configured queues, first served first
	 * @return this builder
	 */
	public SupervisorBuilder strictOrder(List<String> queues) {
		Objects.requireNonNull(queues, "queues must not be null");
		if (queues.size() < 2 || queues.stream().distinct().count() != queues.size()) {
			throw new IllegalArgumentException(
					"strictOrder takes two or more different queues, first served first, but was " + queues);
		}
		this.strictOrder = List.copyOf(queues);
		return this;
	}

	/**
	 * Make a one-shot worker: {@link Supervisor#finished()} completes after the limit.
	 * @param runLimit after how many jobs, or whether once the queues are empty
	 * @return this builder
	 */
	public SupervisorBuilder runLimit(RunLimit runLimit) {
		this.runLimit = Objects.requireNonNull(runLimit, "runLimit must not be null");
		return this;
	}

	/**
	 * The shared settings of the queues taken in strict order.
	 */
	QueueConfig strictOrderConfig() {
		List<QueueConfig> configs = this.strictOrder.stream().map(this.queues::get).toList();
		int concurrency = configs.stream().mapToInt(QueueConfig::concurrency).sum();
		int fetchLimit = configs.stream().mapToInt(QueueConfig::fetchLimit).max().orElseThrow();
		Duration poll = configs.stream().map(QueueConfig::pollInterval).min(Duration::compareTo).orElseThrow();
		return new QueueConfig(this.strictOrder.get(0), concurrency, fetchLimit, poll);
	}

	/**
	 * Limit a job kind across the cluster: how many run at once, in all or per limit key,
	 * and how many start per period. Every node that runs the kind should be given the
	 * same limits; a change takes effect as nodes restart, and stored jobs keep only
	 * their key.
	 * @param limit the kind's limits
	 * @return this builder
	 * @throws IllegalArgumentException if the kind has a limit already
	 */
	public SupervisorBuilder limit(JobLimit limit) {
		Objects.requireNonNull(limit, "limit must not be null");
		if (this.limits.stream().anyMatch((other) -> other.kind().equals(limit.kind()))) {
			throw new IllegalArgumentException(
					"Kind '" + limit.kind() + "' has a limit already; give it one " + "JobLimit with all its options");
		}
		this.limits.add(limit);
		return this;
	}

	/**
	 * Add limits known only at start, such as those declared on beans that are found once
	 * the application is wired: asked for once, when the supervisor starts (and each time
	 * its {@link Supervisor#limitStatus() status} is read before). A kind must not get a
	 * limit from two places: the supervisor fails to start if one does.
	 * @param limits supplies the limits
	 * @return this builder
	 */
	public SupervisorBuilder limits(Supplier<? extends Collection<JobLimit>> limits) {
		this.limitSources.add(Objects.requireNonNull(limits, "limits must not be null"));
		return this;
	}

	/**
	 * Cap the jobs running on this node across all its queues, below the sum of the
	 * queues' concurrency.
	 * @param nodeConcurrency the most jobs at once on this node, at least 1; 0 for no cap
	 * @return this builder
	 */
	public SupervisorBuilder nodeConcurrency(int nodeConcurrency) {
		this.nodeConcurrency = Require.atLeast(nodeConcurrency, 0, "nodeConcurrency");
		return this;
	}

	/**
	 * Whether a queue's producer may claim more jobs than it has free slots under a deep
	 * backlog of short jobs, holding the rest until slots free (on by default; never for
	 * long jobs, queues in strict order, or with limits or a node-wide cap).
	 * @param claimAhead whether to claim ahead
	 * @return this builder
	 */
	public SupervisorBuilder claimAhead(boolean claimAhead) {
		this.claimAhead = claimAhead;
		return this;
	}

	/**
	 * The time source of the producers' claim and run times: for tests that decide how
	 * long a claim or a job takes.
	 * @param nanoTime a monotonic nanosecond clock
	 * @return this builder
	 */
	SupervisorBuilder nanoTime(LongSupplier nanoTime) {
		this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
		return this;
	}

	public SupervisorBuilder executor(ExecutorConfig executor) {
		this.executor = Objects.requireNonNull(executor, "executor must not be null");
		return this;
	}

	public SupervisorBuilder completer(CompleterConfig completer) {
		this.completer = Objects.requireNonNull(completer, "completer must not be null");
		return this;
	}

	public SupervisorBuilder heartbeat(HeartbeatConfig heartbeat) {
		this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat must not be null");
		return this;
	}

	public SupervisorBuilder leader(LeaderConfig leader) {
		this.leader = Objects.requireNonNull(leader, "leader must not be null");
		return this;
	}

	public SupervisorBuilder stager(StagerConfig stager) {
		this.stager = Objects.requireNonNull(stager, "stager must not be null");
		return this;
	}

	public SupervisorBuilder rescuer(RescuerConfig rescuer) {
		this.rescuer = Objects.requireNonNull(rescuer, "rescuer must not be null");
		return this;
	}

	public SupervisorBuilder pruner(PrunerConfig pruner) {
		this.pruner = Objects.requireNonNull(pruner, "pruner must not be null");
		return this;
	}

	/**
	 * How enqueues learn that the caller's transaction committed; by default every
	 * enqueue commits on its own.
	 * @param commitHooks the hooks
	 * @return this builder
	 */
	public SupervisorBuilder commitHooks(CommitHooks commitHooks) {
		this.commitHooks = Objects.requireNonNull(commitHooks, "commitHooks must not be null");
		return this;
	}

	public SupervisorBuilder client(ClientConfig client) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		return this;
	}

	public SupervisorBuilder retryPolicy(RetryPolicy retryPolicy) {
		this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
		return this;
	}

	public SupervisorBuilder shutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = Require.positive(shutdownTimeout, "shutdownTimeout");
		return this;
	}

	/**
	 * Add a recurring job, enqueued by the leader once per tick.
	 * @param entry the entry
	 * @return this builder
	 */
	public SupervisorBuilder cron(CronEntry entry) {
		this.cronEntries.add(Objects.requireNonNull(entry, "entry must not be null"));
		return this;
	}

	/**
	 * Add recurring jobs known only at start, such as those declared on beans that are
	 * found once the application is wired: asked for once, when the supervisor starts.
	 * @param entries supplies the entries
	 * @return this builder
	 */
	public SupervisorBuilder cron(Supplier<? extends Collection<CronEntry>> entries) {
		this.cronSources.add(Objects.requireNonNull(entries, "entries must not be null"));
		return this;
	}

	/**
	 * The queues that jobs go to (the default queue, handlers' queues) but that a node
	 * running {@code served} does not run.
	 */
	Set<String> unservedQueues(Set<String> served) {
		Set<String> unserved = new TreeSet<>();
		if (!served.contains(this.client.defaultQueue())) {
			unserved.add(this.client.defaultQueue());
		}
		for (String kind : this.handlers.kinds()) {
			this.handlers.find(kind)
				.map(HandlerDefinition::queue)
				.filter((queue) -> !served.contains(queue))
				.ifPresent(unserved::add);
		}
		return unserved;
	}

	/**
	 * The cron entries as this builder holds them now (a builder changed or reused after
	 * {@code build()} does not change the supervisor it built), read when asked.
	 */
	Supplier<List<CronEntry>> cronEntrySource() {
		List<CronEntry> entries = List.copyOf(this.cronEntries);
		List<Supplier<? extends Collection<CronEntry>>> sources = List.copyOf(this.cronSources);
		return () -> {
			List<CronEntry> all = new ArrayList<>(entries);
			sources.forEach((source) -> all.addAll(source.get()));
			return all;
		};
	}

	public SupervisorBuilder cronConfig(CronConfig cronConfig) {
		this.cronConfig = Objects.requireNonNull(cronConfig, "cronConfig must not be null");
		return this;
	}

	/**
	 * Use this notifier instead of the store's own.
	 * @param notifier the notifier
	 * @return this builder
	 */
	public SupervisorBuilder notifier(JobNotifier notifier) {
		this.notifier = Objects.requireNonNull(notifier, "notifier must not be null");
		return this;
	}

	public Supervisor build() {
		if (this.queues.isEmpty()) {
			throw new IllegalStateException("No queues configured: add at least one, such as queue(\""
					+ this.client.defaultQueue() + "\", " + QueueConfig.DEFAULT_CONCURRENCY + ")");
		}
		for (String queue : this.strictOrder) {
			if (!this.queues.containsKey(queue)) {
				throw new IllegalStateException("Queue '" + queue + "' is in strictOrder " + this.strictOrder
						+ " but not configured; add it with queue(\"" + queue + "\", concurrency)");
			}
		}
		if (this.rescuer.nodeExpiry().compareTo(this.heartbeat.interval().multipliedBy(2)) < 0) {
			throw new IllegalArgumentException(
					"nodeExpiry (" + this.rescuer.nodeExpiry() + ") must be at least twice the heartbeat interval ("
							+ this.heartbeat.interval() + "), or live nodes would be taken for dead");
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
