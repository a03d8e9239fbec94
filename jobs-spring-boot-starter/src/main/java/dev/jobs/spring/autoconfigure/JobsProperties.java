package dev.jobs.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.CronConfig;
import dev.jobs.engine.ExecutorConfig;
import dev.jobs.engine.HeartbeatConfig;
import dev.jobs.engine.LeaderConfig;
import dev.jobs.engine.PrunerConfig;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.RescuerConfig;
import dev.jobs.engine.StagerConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.memory.MemoryJobStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of background jobs ({@code jobs.*}). Every default is the engine's own
 * {@code DEFAULT_*} constant. One JavaBean with nested groups, like Spring Boot's own
 * properties classes; its length is accessors.
 * <p>
 * Names deprecated in 0.1.0 still bind for one release. A property that replaces one
 * holds {@code null} until set and its getter returns the default, so that
 * {@link #afterPropertiesSet()} can tell whether the application set the new name too.
 */
@ConfigurationProperties("jobs")
public class JobsProperties implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(JobsProperties.class);

	/**
	 * Whether background jobs are enabled at all.
	 */
	private boolean enabled = true;

	/**
	 * How often each queue looks for jobs when nothing wakes it.
	 */
	private Duration pollInterval = QueueConfig.DEFAULT_POLL_INTERVAL;

	/**
	 * How long running jobs may take to finish when the application stops; they are then
	 * interrupted and handed back.
	 */
	private Duration shutdownTimeout = Supervisor.DEFAULT_SHUTDOWN_TIMEOUT;

	/**
	 * How long one attempt of a job may run when neither the job nor its handler says.
	 */
	private Duration timeout = ExecutorConfig.DEFAULT_TIMEOUT;

	/**
	 * Attempts a job gets when neither the job nor its handler says.
	 */
	private int maxAttempts = ClientConfig.DEFAULT_MAX_ATTEMPTS;

	/**
	 * Queue of jobs whose request and handler name none.
	 */
	private String defaultQueue = ClientConfig.DEFAULT_QUEUE;

	/**
	 * Largest serialized args accepted at enqueue.
	 */
	private DataSize maxArgsSize = DataSize.ofBytes(ClientConfig.DEFAULT_MAX_ARGS_BYTES);

	/**
	 * Largest handler result stored with a completed job, as JSON; a larger result
	 * discards the job with an error that says so.
	 */
	private DataSize maxResultSize = DataSize.ofBytes(ExecutorConfig.DEFAULT_MAX_RESULT_BYTES);

	/**
	 * Whether enqueue rejects kinds that no handler on this node runs (checked only when
	 * the node has handlers).
	 */
	private boolean rejectUnknownKinds = true;

	/**
	 * Queues this node runs, by name. When none is configured, the default queue runs
	 * with the default concurrency.
	 */
	private final Map<String, Queue> queues = new LinkedHashMap<>();

	/**
	 * Running jobs on this node.
	 */
	private final Worker worker = new Worker();

	/**
	 * Default backoff between attempts of a failed job.
	 */
	private final Retry retry = new Retry();

	/**
	 * This node in the cluster: its name and how it shows it is alive.
	 */
	private final Node node = new Node();

	/**
	 * The lease that makes one node the leader, which runs the cluster's maintenance.
	 */
	private final Leader leader = new Leader();

	/**
	 * Making due scheduled and retryable jobs available.
	 */
	private final Stager stager = new Stager();

	/**
	 * Handing back the jobs of nodes that died.
	 */
	private final Rescue rescue = new Rescue();

	/**
	 * How long finished jobs are kept.
	 */
	private final Retention retention = new Retention();

	/**
	 * Deleting finished jobs past their retention.
	 */
	private final Pruner pruner = new Pruner();

	/**
	 * Recurring jobs, by entry name.
	 */
	private final Map<String, Cron> cron = new LinkedHashMap<>();

	/**
	 * Cluster-wide limits by job kind: concurrency, concurrency per limit key, rates.
	 */
	private final Map<String, JobLimitProperties> limits = new LinkedHashMap<>();

	/**
	 * How the leader enqueues recurring jobs.
	 */
	private final CronScheduling cronScheduling = new CronScheduling();

	/**
	 * The JDBC store, used when there is a DataSource.
	 */
	private final Jdbc jdbc = new Jdbc();

	/**
	 * The memory store, used when there is no DataSource.
	 */
	private final Memory memory = new Memory();

	/**
	 * What the engine logs.
	 */
	private final Logging logging = new Logging();

	// Names deprecated in 0.1.0: afterPropertiesSet()
	// moves their values to the new names.

	/**
	 * Name of this node in the cluster.
	 */
	private @Nullable String nodeId;

	/**
	 * How often a node tells the cluster it is alive.
	 */
	private @Nullable Duration heartbeatInterval;

	/**
	 * How often the leader makes due scheduled and retryable jobs available.
	 */
	private @Nullable Duration stageInterval;

	/**
	 * How long the leader lease lasts unless renewed.
	 */
	private @Nullable Duration leaderTtl;

	/**
	 * The deprecated name each value applied by {@link #afterPropertiesSet()} was bound
	 * under, by the name that replaces it.
	 */
	private final Map<String, String> deprecatedNames = new HashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public String getDefaultQueue() {
		return this.defaultQueue;
	}

	public void setDefaultQueue(String defaultQueue) {
		this.defaultQueue = defaultQueue;
	}

	public DataSize getMaxArgsSize() {
		return this.maxArgsSize;
	}

	public void setMaxArgsSize(DataSize maxArgsSize) {
		this.maxArgsSize = maxArgsSize;
	}

	public DataSize getMaxResultSize() {
		return this.maxResultSize;
	}

	public void setMaxResultSize(DataSize maxResultSize) {
		this.maxResultSize = maxResultSize;
	}

	public boolean isRejectUnknownKinds() {
		return this.rejectUnknownKinds;
	}

	public void setRejectUnknownKinds(boolean rejectUnknownKinds) {
		this.rejectUnknownKinds = rejectUnknownKinds;
	}

	public Map<String, Queue> getQueues() {
		return this.queues;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Node getNode() {
		return this.node;
	}

	public Leader getLeader() {
		return this.leader;
	}

	public Stager getStager() {
		return this.stager;
	}

	public Rescue getRescue() {
		return this.rescue;
	}

	public Retention getRetention() {
		return this.retention;
	}

	public Pruner getPruner() {
		return this.pruner;
	}

	public Map<String, Cron> getCron() {
		return this.cron;
	}

	public Map<String, JobLimitProperties> getLimits() {
		return this.limits;
	}

	public CronScheduling getCronScheduling() {
		return this.cronScheduling;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Memory getMemory() {
		return this.memory;
	}

	public Logging getLogging() {
		return this.logging;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobs.node.id", since = "0.1.0")
	public @Nullable String getNodeId() {
		return this.nodeId;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setNodeId(@Nullable String nodeId) {
		this.nodeId = nodeId;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobs.node.heartbeat-interval", since = "0.1.0")
	public @Nullable Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setHeartbeatInterval(@Nullable Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobs.stager.interval", since = "0.1.0")
	public @Nullable Duration getStageInterval() {
		return this.stageInterval;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setStageInterval(@Nullable Duration stageInterval) {
		this.stageInterval = stageInterval;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	@DeprecatedConfigurationProperty(replacement = "jobs.leader.ttl", since = "0.1.0")
	public @Nullable Duration getLeaderTtl() {
		return this.leaderTtl;
	}

	@Deprecated(since = "0.1.0", forRemoval = true)
	public void setLeaderTtl(@Nullable Duration leaderTtl) {
		this.leaderTtl = leaderTtl;
	}

	/**
	 * Applies each value bound under a deprecated name to the name that replaces it,
	 * unless that one is set too (then it wins). Either way, it logs one warning naming
	 * the deprecated key.
	 */
	@Override
	public void afterPropertiesSet() {
		this.node.id = replace("jobs.node-id", this.nodeId, "jobs.node.id", this.node.id);
		this.node.heartbeatInterval = replace("jobs.heartbeat-interval", this.heartbeatInterval,
				"jobs.node.heartbeat-interval", this.node.heartbeatInterval);
		this.node.expiry = replace("jobs.rescue.node-expiry", this.rescue.nodeExpiry, "jobs.node.expiry",
				this.node.expiry);
		this.leader.ttl = replace("jobs.leader-ttl", this.leaderTtl, "jobs.leader.ttl", this.leader.ttl);
		this.stager.interval = replace("jobs.stage-interval", this.stageInterval, "jobs.stager.interval",
				this.stager.interval);
		this.pruner.interval = replace("jobs.retention.interval", this.retention.interval, "jobs.pruner.interval",
				this.pruner.interval);
		this.retry.delay = replace("jobs.retry.base", this.retry.base, "jobs.retry.delay", this.retry.delay);
		this.retry.maxDelay = replace("jobs.retry.max", this.retry.max, "jobs.retry.max-delay", this.retry.maxDelay);
	}

	private <T> @Nullable T replace(String deprecatedName, @Nullable T deprecatedValue, String name,
			@Nullable T value) {
		if (deprecatedValue == null) {
			return value;
		}
		if (value != null && !value.equals(deprecatedValue)) {
			logger.warn("Ignoring deprecated property '{}' ({}): '{}' is set too ({})", deprecatedName, deprecatedValue,
					name, value);
			return value;
		}
		// An equal value under the new name is most likely the migrator's copy
		// (spring-boot-properties-migrator): the application set only the old name.
		logger.warn("Property '{}' is deprecated and will be removed in the next release; use '{}'", deprecatedName,
				name);
		if (value == null) {
			this.deprecatedNames.put(name, deprecatedName);
		}
		return deprecatedValue;
	}

	/**
	 * The key a property's value was bound under: the deprecated one when the value came
	 * from there, so that a failure names the key the application set.
	 * @param name the property's name
	 * @return the name, or the deprecated name its value was bound under
	 */
	String boundName(String name) {
		return this.deprecatedNames.getOrDefault(name, name);
	}

	/**
	 * One queue on this node.
	 */
	public static class Queue {

		/**
		 * Most jobs of the queue running at once on this node.
		 */
		private int concurrency = QueueConfig.DEFAULT_CONCURRENCY;

		/**
		 * Most jobs claimed in one statement.
		 */
		private int fetchLimit = QueueConfig.DEFAULT_FETCH_LIMIT;

		/**
		 * How often the queue polls when nothing wakes it; jobs.poll-interval by default.
		 */
		private @Nullable Duration pollInterval;

		/**
		 * Whether the queue is paused (for every node) when this node starts. Resume it
		 * with the actuator endpoint.
		 */
		private boolean paused;

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public int getFetchLimit() {
			return this.fetchLimit;
		}

		public void setFetchLimit(int fetchLimit) {
			this.fetchLimit = fetchLimit;
		}

		public @Nullable Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(@Nullable Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public boolean isPaused() {
			return this.paused;
		}

		public void setPaused(boolean paused) {
			this.paused = paused;
		}

	}

	/**
	 * Running jobs on this node.
	 */
	public static class Worker {

		/**
		 * Whether this node runs jobs. If false, it only enqueues: no supervisor or cron.
		 */
		private boolean enabled = true;

		/**
		 * Queues to take in strict order, first served first: a job of an earlier queue
		 * always starts before one of a later queue when both wait. They share one set of
		 * slots, the sum of their concurrency. Each must be configured under jobs.queues.
		 */
		private List<String> strictOrder = new ArrayList<>();

		/**
		 * Run as a one-shot worker: stop after this many jobs, write every outcome, and
		 * exit with status 0. Also read from "--max-jobs".
		 */
		private @Nullable Long maxJobs;

		/**
		 * Whether to run as a one-shot worker that stops once its queues have no
		 * available job and none runs, writes every outcome, and exits with status 0.
		 * Also read from "--exit-when-empty".
		 */
		private boolean exitWhenEmpty;

		/**
		 * Whether a queue may claim more jobs than it has free slots under a deep backlog
		 * of short jobs, holding the rest (executing, not started) until slots free, so
		 * that the next claim is on its way while jobs run. Automatic: never for long
		 * jobs, queues in strict order, or with limits or a node-wide cap.
		 */
		private boolean claimAhead = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getStrictOrder() {
			return this.strictOrder;
		}

		public void setStrictOrder(List<String> strictOrder) {
			this.strictOrder = strictOrder;
		}

		public @Nullable Long getMaxJobs() {
			return this.maxJobs;
		}

		public void setMaxJobs(@Nullable Long maxJobs) {
			this.maxJobs = maxJobs;
		}

		public boolean isExitWhenEmpty() {
			return this.exitWhenEmpty;
		}

		public void setExitWhenEmpty(boolean exitWhenEmpty) {
			this.exitWhenEmpty = exitWhenEmpty;
		}

		public boolean isClaimAhead() {
			return this.claimAhead;
		}

		public void setClaimAhead(boolean claimAhead) {
			this.claimAhead = claimAhead;
		}

	}

	/**
	 * Default backoff between attempts of a failed job.
	 */
	public static class Retry {

		/**
		 * Shape of the backoff.
		 */
		private Policy policy = Policy.EXPONENTIAL;

		/**
		 * Delay after the first failure. The exponential policy doubles it and the linear
		 * one adds it at each further failure; the constant policy keeps it.
		 */
		private @Nullable Duration delay;

		/**
		 * Longest delay (exponential and linear).
		 */
		private @Nullable Duration maxDelay;

		/**
		 * Fraction, 0 to 1, by which each exponential delay varies either way.
		 */
		private double jitter = RetryPolicy.DEFAULT_JITTER;

		/**
		 * First delay (exponential), growth per attempt (linear) or the delay (constant).
		 */
		private @Nullable Duration base;

		/**
		 * Longest delay (exponential and linear).
		 */
		private @Nullable Duration max;

		public Policy getPolicy() {
			return this.policy;
		}

		public void setPolicy(Policy policy) {
			this.policy = policy;
		}

		public Duration getDelay() {
			return (this.delay != null) ? this.delay : RetryPolicy.DEFAULT_BASE;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public Duration getMaxDelay() {
			return (this.maxDelay != null) ? this.maxDelay : RetryPolicy.DEFAULT_MAX;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "jobs.retry.delay", since = "0.1.0")
		public @Nullable Duration getBase() {
			return this.base;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setBase(@Nullable Duration base) {
			this.base = base;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "jobs.retry.max-delay", since = "0.1.0")
		public @Nullable Duration getMax() {
			return this.max;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setMax(@Nullable Duration max) {
			this.max = max;
		}

		/**
		 * Shapes of backoff.
		 */
		public enum Policy {

			/** {@code delay * 2^(attempt-1)}, capped at max-delay, with jitter. */
			EXPONENTIAL,

			/** {@code delay * attempt}, capped at max-delay. */
			LINEAR,

			/** {@code delay} after every failure. */
			CONSTANT

		}

	}

	/**
	 * This node in the cluster.
	 */
	public static class Node {

		/**
		 * Node name in the cluster; by default host name, process id and random suffix.
		 */
		private @Nullable String id;

		/**
		 * How often the node tells the cluster it is alive.
		 */
		private @Nullable Duration heartbeatInterval;

		/**
		 * How long a node may stay silent before it counts as dead and the leader hands
		 * its running jobs back. At least twice jobs.node.heartbeat-interval.
		 */
		private @Nullable Duration expiry;

		/**
		 * Most jobs running at once on this node across all its queues; unset for no cap
		 * beyond the queues' own concurrency.
		 */
		private @Nullable Integer concurrency;

		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(@Nullable Integer concurrency) {
			this.concurrency = concurrency;
		}

		public @Nullable String getId() {
			return this.id;
		}

		public void setId(@Nullable String id) {
			this.id = id;
		}

		public Duration getHeartbeatInterval() {
			return (this.heartbeatInterval != null) ? this.heartbeatInterval : HeartbeatConfig.DEFAULT_INTERVAL;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public Duration getExpiry() {
			return (this.expiry != null) ? this.expiry : RescuerConfig.DEFAULT_NODE_EXPIRY;
		}

		public void setExpiry(Duration expiry) {
			this.expiry = expiry;
		}

	}

	/**
	 * The lease that makes one node the leader.
	 */
	public static class Leader {

		/**
		 * How long the leader lease lasts unless renewed; the leader renews it every
		 * third of it.
		 */
		private @Nullable Duration ttl;

		public Duration getTtl() {
			return (this.ttl != null) ? this.ttl : LeaderConfig.DEFAULT_TTL;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * Making due scheduled and retryable jobs available.
	 */
	public static class Stager {

		/**
		 * How often the leader looks for scheduled and retryable jobs falling due. It
		 * comes back when the next one is due: jobs start on time whatever this interval.
		 */
		private @Nullable Duration interval;

		public Duration getInterval() {
			return (this.interval != null) ? this.interval : StagerConfig.DEFAULT_INTERVAL;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Handing back the jobs of nodes that died.
	 */
	public static class Rescue {

		/**
		 * How often the leader looks for dead nodes' jobs.
		 */
		private Duration interval = RescuerConfig.DEFAULT_INTERVAL;

		/**
		 * How long a node may stay silent before it counts as dead and its running jobs
		 * are handed back.
		 */
		private @Nullable Duration nodeExpiry;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "jobs.node.expiry", since = "0.1.0")
		public @Nullable Duration getNodeExpiry() {
			return this.nodeExpiry;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setNodeExpiry(@Nullable Duration nodeExpiry) {
			this.nodeExpiry = nodeExpiry;
		}

	}

	/**
	 * How long finished jobs are kept before they are deleted.
	 */
	public static class Retention {

		/**
		 * How long completed jobs are kept.
		 */
		private Duration completed = PrunerConfig.Retention.DEFAULT_COMPLETED;

		/**
		 * How long cancelled jobs are kept.
		 */
		private Duration cancelled = PrunerConfig.Retention.DEFAULT_CANCELLED;

		/**
		 * How long discarded jobs are kept.
		 */
		private Duration discarded = PrunerConfig.Retention.DEFAULT_DISCARDED;

		/**
		 * How often finished jobs past their retention are deleted.
		 */
		private @Nullable Duration interval;

		public Duration getCompleted() {
			return this.completed;
		}

		public void setCompleted(Duration completed) {
			this.completed = completed;
		}

		public Duration getCancelled() {
			return this.cancelled;
		}

		public void setCancelled(Duration cancelled) {
			this.cancelled = cancelled;
		}

		public Duration getDiscarded() {
			return this.discarded;
		}

		public void setDiscarded(Duration discarded) {
			this.discarded = discarded;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "jobs.pruner.interval", since = "0.1.0")
		public @Nullable Duration getInterval() {
			return this.interval;
		}

		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setInterval(@Nullable Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * Deleting finished jobs past their retention.
	 */
	public static class Pruner {

		/**
		 * How often the leader deletes finished jobs past retention (see jobs.retention).
		 */
		private @Nullable Duration interval;

		public Duration getInterval() {
			return (this.interval != null) ? this.interval : PrunerConfig.DEFAULT_INTERVAL;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * One recurring job.
	 */
	public static class Cron {

		/**
		 * Cron expression: five fields (Unix, minute first), six fields (Spring, second
		 * first) or a macro such as "@hourly".
		 */
		private @Nullable String expression;

		/**
		 * Kind of the job to enqueue at each tick.
		 */
		private @Nullable String kind;

		/**
		 * Args of the job, as a map.
		 */
		private final Map<String, Object> args = new LinkedHashMap<>();

		/**
		 * Args of the job, as a JSON document (instead of args).
		 */
		private @Nullable String argsJson;

		/**
		 * Queue of the job. Defaults to the handler's or the default queue.
		 */
		private @Nullable String queue;

		/**
		 * Time zone the expression is read in. Defaults to the system's.
		 */
		private @Nullable String zone;

		public @Nullable String getExpression() {
			return this.expression;
		}

		public void setExpression(@Nullable String expression) {
			this.expression = expression;
		}

		public @Nullable String getKind() {
			return this.kind;
		}

		public void setKind(@Nullable String kind) {
			this.kind = kind;
		}

		public Map<String, Object> getArgs() {
			return this.args;
		}

		public @Nullable String getArgsJson() {
			return this.argsJson;
		}

		public void setArgsJson(@Nullable String argsJson) {
			this.argsJson = argsJson;
		}

		public @Nullable String getQueue() {
			return this.queue;
		}

		public void setQueue(@Nullable String queue) {
			this.queue = queue;
		}

		public @Nullable String getZone() {
			return this.zone;
		}

		public void setZone(@Nullable String zone) {
			this.zone = zone;
		}

	}

	/**
	 * How the leader enqueues recurring jobs.
	 */
	public static class CronScheduling {

		/**
		 * How often the leader checks for due ticks.
		 */
		private Duration checkInterval = CronConfig.DEFAULT_CHECK_INTERVAL;

		/**
		 * How late a tick may still be enqueued; ticks missed by more (no node was
		 * running) are skipped.
		 */
		private Duration misfireGrace = CronConfig.DEFAULT_MISFIRE_GRACE;

		public Duration getCheckInterval() {
			return this.checkInterval;
		}

		public void setCheckInterval(Duration checkInterval) {
			this.checkInterval = checkInterval;
		}

		public Duration getMisfireGrace() {
			return this.misfireGrace;
		}

		public void setMisfireGrace(Duration misfireGrace) {
			this.misfireGrace = misfireGrace;
		}

	}

	/**
	 * The JDBC store.
	 */
	public static class Jdbc {

		/**
		 * Whether the store creates and upgrades its tables at start-up, recording each
		 * version in its own history table.
		 */
		private boolean migrate = true;

		/**
		 * Schema of the tables. Defaults to the connection's.
		 */
		private @Nullable String schema;

		/**
		 * Prefix of the table names.
		 */
		private @Nullable String tablePrefix;

		/**
		 * Whether claims and attempt outcomes wait for PostgreSQL to flush them to disk.
		 * Off by default: a database crash may then make the jobs of the last fraction of
		 * a second run again. Enqueue always waits.
		 */
		private boolean engineSynchronousCommit;

		public boolean isEngineSynchronousCommit() {
			return this.engineSynchronousCommit;
		}

		public void setEngineSynchronousCommit(boolean engineSynchronousCommit) {
			this.engineSynchronousCommit = engineSynchronousCommit;
		}

		public boolean isMigrate() {
			return this.migrate;
		}

		public void setMigrate(boolean migrate) {
			this.migrate = migrate;
		}

		public @Nullable String getSchema() {
			return this.schema;
		}

		public void setSchema(@Nullable String schema) {
			this.schema = schema;
		}

		public @Nullable String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(@Nullable String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

	}

	/**
	 * The memory store, used when there is no DataSource. Not durable.
	 */
	public static class Memory {

		/**
		 * Most unfinished jobs it holds.
		 */
		private int maxJobs = MemoryJobStore.Config.DEFAULT_MAX_JOBS;

		/**
		 * How long enqueue waits for room when it is full.
		 */
		private Duration enqueueTimeout = MemoryJobStore.Config.DEFAULT_ENQUEUE_TIMEOUT;

		public int getMaxJobs() {
			return this.maxJobs;
		}

		public void setMaxJobs(int maxJobs) {
			this.maxJobs = maxJobs;
		}

		public Duration getEnqueueTimeout() {
			return this.enqueueTimeout;
		}

		public void setEnqueueTimeout(Duration enqueueTimeout) {
			this.enqueueTimeout = enqueueTimeout;
		}

	}

	public static class Logging {

		/**
		 * Level of the line logged when a job completes (kind, id, duration, attempt).
		 * Failures log at WARN whatever this says; INFO suits a development setup.
		 */
		private Level completedLevel = SupervisorBuilder.DEFAULT_COMPLETED_LOG_LEVEL;

		public Level getCompletedLevel() {
			return this.completedLevel;
		}

		public void setCompletedLevel(Level completedLevel) {
			this.completedLevel = completedLevel;
		}

	}

}
