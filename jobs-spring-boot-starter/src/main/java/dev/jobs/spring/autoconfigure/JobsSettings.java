package dev.jobs.spring.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.jobs.JobRequest;
import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.CronConfig;
import dev.jobs.engine.CronEntry;
import dev.jobs.engine.ExecutorConfig;
import dev.jobs.engine.HeartbeatConfig;
import dev.jobs.engine.LeaderConfig;
import dev.jobs.engine.PrunerConfig;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.RescuerConfig;
import dev.jobs.engine.RunLimit;
import dev.jobs.engine.StagerConfig;
import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.spring.handler.SpringCronSchedule;
import dev.jobs.store.memory.MemoryJobStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * Turns {@link JobsProperties} into the engine's settings. A bad value fails start-up
 * with Boot's failure report naming the property, its value and what is wrong.
 */
final class JobsSettings {

	private final JobsProperties properties;

	JobsSettings(JobsProperties properties) {
		this.properties = properties;
	}

	List<QueueConfig> queues() {
		Map<String, JobsProperties.Queue> configured = this.properties.getQueues();
		if (configured.isEmpty()) {
			String name = this.properties.getDefaultQueue();
			Duration poll = pollInterval();
			return List.of(check("jobs.default-queue", name, () -> new QueueConfig(name,
					QueueConfig.DEFAULT_CONCURRENCY, QueueConfig.DEFAULT_FETCH_LIMIT, poll)));
		}
		List<QueueConfig> queues = new ArrayList<>();
		configured.forEach((name, queue) -> {
			String prefix = "jobs.queues." + name;
			requireAtLeast(prefix + ".concurrency", queue.getConcurrency(), 1);
			requireAtLeast(prefix + ".fetch-limit", queue.getFetchLimit(), 1);
			Duration poll = (queue.getPollInterval() != null) ? queue.getPollInterval() : pollInterval();
			requirePositive(prefix + ".poll-interval", poll);
			queues.add(new QueueConfig(name, queue.getConcurrency(), queue.getFetchLimit(), poll));
		});
		return queues;
	}

	/**
	 * The queues taken in strict order, each one configured under {@code jobs.queues}.
	 * @return the queues, or an empty list for per-queue slots
	 */
	List<String> strictOrder() {
		List<String> order = this.properties.getWorker().getStrictOrder();
		if (order.isEmpty()) {
			return order;
		}
		if (order.size() < 2 || order.stream().distinct().count() != order.size()) {
			throw new InvalidConfigurationPropertyValueException("jobs.worker.strict-order", order,
					"name two or more different queues, first served first");
		}
		for (String queue : order) {
			if (!this.properties.getQueues().containsKey(queue)) {
				throw new InvalidConfigurationPropertyValueException("jobs.worker.strict-order", order, "queue '"
						+ queue + "' is not configured; add it, such as jobs.queues." + queue + ".concurrency=5");
			}
		}
		return order;
	}

	/**
	 * When a one-shot worker stops: {@code jobs.worker.max-jobs} (or {@code --max-jobs})
	 * and {@code jobs.worker.exit-when-empty} (or {@code --exit-when-empty}).
	 * @param environment where the short command-line forms are read
	 * @return the limit, {@link RunLimit#NONE} for a worker that runs until stopped
	 */
	RunLimit runLimit(PropertyResolver environment) {
		JobsProperties.Worker worker = this.properties.getWorker();
		Long maxJobs = (worker.getMaxJobs() != null) ? worker.getMaxJobs()
				: environment.getProperty("max-jobs", Long.class);
		boolean whenEmpty = worker.isExitWhenEmpty()
				|| environment.getProperty("exit-when-empty", Boolean.class, false);
		if (maxJobs != null && maxJobs < 1) {
			throw new InvalidConfigurationPropertyValueException("jobs.worker.max-jobs", maxJobs, "must be at least 1");
		}
		RunLimit limit = (maxJobs != null) ? RunLimit.maxJobs(maxJobs) : RunLimit.NONE;
		return whenEmpty ? limit.orWhenEmpty() : limit;
	}

	List<String> pausedQueues() {
		List<String> paused = new ArrayList<>();
		this.properties.getQueues().forEach((name, queue) -> {
			if (queue.isPaused()) {
				paused.add(name);
			}
		});
		return paused;
	}

	private Duration pollInterval() {
		return requirePositive("jobs.poll-interval", this.properties.getPollInterval());
	}

	ExecutorConfig executor(boolean virtualThreads) {
		long maxResultBytes = this.properties.getMaxResultSize().toBytes();
		if (maxResultBytes < 1 || maxResultBytes > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException("jobs.max-result-size",
					this.properties.getMaxResultSize(), "must be between 1B and 2GB");
		}
		return new ExecutorConfig(requirePositive("jobs.timeout", this.properties.getTimeout()), virtualThreads,
				(int) maxResultBytes);
	}

	ClientConfig client() {
		requireAtLeast("jobs.max-attempts", this.properties.getMaxAttempts(), 1);
		long maxArgsBytes = this.properties.getMaxArgsSize().toBytes();
		if (maxArgsBytes < 2 || maxArgsBytes > Integer.MAX_VALUE) {
			throw new InvalidConfigurationPropertyValueException("jobs.max-args-size", this.properties.getMaxArgsSize(),
					"must be between 2B and 2GB");
		}
		String queue = this.properties.getDefaultQueue();
		return check("jobs.default-queue", queue, () -> new ClientConfig(queue, this.properties.getMaxAttempts(),
				(int) maxArgsBytes, this.properties.isRejectUnknownKinds()));
	}

	Duration shutdownTimeout() {
		return requirePositive("jobs.shutdown-timeout", this.properties.getShutdownTimeout());
	}

	/**
	 * The settings of the heartbeat, the leader election and the leader's maintenance
	 * (staging, rescue, pruning).
	 * @return the settings
	 */
	Maintenance maintenance() {
		JobsProperties.Node node = this.properties.getNode();
		JobsProperties.Retention retention = this.properties.getRetention();
		String heartbeatName = name("jobs.node.heartbeat-interval");
		Duration heartbeat = requirePositive(heartbeatName, node.getHeartbeatInterval());
		Duration expiry = requirePositive(name("jobs.node.expiry"), node.getExpiry());
		if (expiry.compareTo(heartbeat.multipliedBy(2)) < 0) {
			throw new InvalidConfigurationPropertyValueException(name("jobs.node.expiry"), expiry,
					"must be at least twice " + heartbeatName + " (" + heartbeat
							+ "), or live nodes would be taken for dead");
		}
		return new Maintenance(new HeartbeatConfig(heartbeat),
				new LeaderConfig(requirePositive(name("jobs.leader.ttl"), this.properties.getLeader().getTtl())),
				new StagerConfig(
						requirePositive(name("jobs.stager.interval"), this.properties.getStager().getInterval()),
						StagerConfig.DEFAULT_BATCH_SIZE),
				new RescuerConfig(requirePositive("jobs.rescue.interval", this.properties.getRescue().getInterval()),
						expiry, RescuerConfig.DEFAULT_BATCH_SIZE),
				new PrunerConfig(
						requirePositive(name("jobs.pruner.interval"), this.properties.getPruner().getInterval()),
						new PrunerConfig.Retention(
								requirePositive("jobs.retention.completed", retention.getCompleted()),
								requirePositive("jobs.retention.cancelled", retention.getCancelled()),
								requirePositive("jobs.retention.discarded", retention.getDiscarded())),
						PrunerConfig.DEFAULT_BATCH_SIZE));
	}

	/**
	 * The configs of the services that keep the cluster healthy.
	 *
	 * @param heartbeat the heartbeat's
	 * @param leader the leader election's
	 * @param stager the stager's
	 * @param rescuer the rescuer's
	 * @param pruner the pruner's
	 */
	record Maintenance(HeartbeatConfig heartbeat, LeaderConfig leader, StagerConfig stager, RescuerConfig rescuer,
			PrunerConfig pruner) {

		static final Maintenance DEFAULT = new Maintenance(HeartbeatConfig.DEFAULT, LeaderConfig.DEFAULT,
				StagerConfig.DEFAULT, RescuerConfig.DEFAULT, PrunerConfig.DEFAULT);

		void applyTo(SupervisorBuilder builder) {
			builder.heartbeat(this.heartbeat)
				.leader(this.leader)
				.stager(this.stager)
				.rescuer(this.rescuer)
				.pruner(this.pruner);
		}

	}

	RetryPolicy retryPolicy() {
		JobsProperties.Retry retry = this.properties.getRetry();
		String delayName = name("jobs.retry.delay");
		String maxDelayName = name("jobs.retry.max-delay");
		return switch (retry.getPolicy()) {
			case EXPONENTIAL -> {
				requirePositive(delayName, retry.getDelay());
				if (retry.getMaxDelay().compareTo(retry.getDelay()) < 0) {
					throw new InvalidConfigurationPropertyValueException(maxDelayName, retry.getMaxDelay(),
							"must not be less than " + delayName + " (" + retry.getDelay() + ")");
				}
				if (!(retry.getJitter() >= 0 && retry.getJitter() <= 1)) {
					throw new InvalidConfigurationPropertyValueException("jobs.retry.jitter", retry.getJitter(),
							"must be between 0 and 1");
				}
				yield RetryPolicy.exponential(retry.getDelay(), retry.getMaxDelay(), retry.getJitter());
			}
			case LINEAR -> RetryPolicy.linear(requirePositive(delayName, retry.getDelay()),
					requirePositive(maxDelayName, retry.getMaxDelay()));
			case CONSTANT -> {
				if (retry.getDelay().isNegative()) {
					throw new InvalidConfigurationPropertyValueException(delayName, retry.getDelay(),
							"must be zero or more");
				}
				yield RetryPolicy.constant(retry.getDelay());
			}
		};
	}

	CronConfig cronConfig() {
		JobsProperties.CronScheduling scheduling = this.properties.getCronScheduling();
		return new CronConfig(requirePositive("jobs.cron-scheduling.check-interval", scheduling.getCheckInterval()),
				requirePositive("jobs.cron-scheduling.misfire-grace", scheduling.getMisfireGrace()));
	}

	/**
	 * The recurring jobs configured under {@code jobs.cron}.
	 * @param mapper reads {@code args-json}
	 * @return the entries
	 */
	List<CronEntry> cronEntries(JsonMapper mapper) {
		List<CronEntry> entries = new ArrayList<>();
		this.properties.getCron().forEach((name, cron) -> {
			String prefix = "jobs.cron." + name;
			String expression = requireText(prefix + ".expression", cron.getExpression());
			String kind = requireText(prefix + ".kind", cron.getKind());
			ZoneId zone = zone(prefix + ".zone", cron.getZone());
			SpringCronSchedule schedule = check(prefix + ".expression", expression,
					() -> SpringCronSchedule.of(expression, zone));
			JobRequest request = JobRequest.of(kind, cronArgs(prefix, cron, mapper));
			if (cron.getQueue() != null) {
				JobRequest withoutQueue = request;
				request = check(prefix + ".queue", cron.getQueue(), () -> withoutQueue.queue(cron.getQueue()));
			}
			entries.add(new CronEntry(name, schedule, request));
		});
		return entries;
	}

	private static Object cronArgs(String prefix, JobsProperties.Cron cron, JsonMapper mapper) {
		if (cron.getArgsJson() == null) {
			return new LinkedHashMap<>(cron.getArgs());
		}
		if (!cron.getArgs().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".args-json", cron.getArgsJson(),
					"set either " + prefix + ".args or " + prefix + ".args-json, not both");
		}
		try {
			return mapper.readTree(cron.getArgsJson());
		}
		catch (JacksonException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".args-json", cron.getArgsJson(),
					"is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	MemoryJobStore.Config memory() {
		JobsProperties.Memory memory = this.properties.getMemory();
		requireAtLeast("jobs.memory.max-jobs", memory.getMaxJobs(), 1);
		Duration timeout = memory.getEnqueueTimeout();
		if (timeout == null || timeout.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("jobs.memory.enqueue-timeout", timeout,
					"must be zero or more");
		}
		return new MemoryJobStore.Config(memory.getMaxJobs(), timeout);
	}

	/**
	 * The key a value was set under, so that a failure names what the application set (a
	 * deprecated name, for one release).
	 */
	private String name(String property) {
		return this.properties.boundName(property);
	}

	static ZoneId zone(String property, @Nullable String zone) {
		if (!StringUtils.hasText(zone)) {
			return ZoneId.systemDefault();
		}
		return check(property, zone, () -> ZoneId.of(zone));
	}

	private static String requireText(String property, @Nullable String value) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must be set");
		}
		return value;
	}

	private static void requireAtLeast(String property, int value, int min) {
		if (value < min) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must be at least " + min);
		}
	}

	private static Duration requirePositive(String property, @Nullable Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "must be a positive duration");
		}
		return value;
	}

	static <T> T check(String property, @Nullable Object value, Supplier<T> creator) {
		try {
			return creator.get();
		}
		catch (RuntimeException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

}
