package dev.jobs.spring.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobs.JobState;
import dev.jobs.store.JobStore;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of each queue's depth (available jobs) and lag (how long the oldest available
 * job has waited). One stats query serves all gauges for {@link #CACHE_TTL}, so a scrape
 * costs at most one query. A queue gets gauges once configured or seen in the stats.
 */
public class JobsQueueMetrics implements MeterBinder {

	/** How long one stats query serves the gauges. */
	public static final Duration CACHE_TTL = Duration.ofSeconds(5);

	private static final Logger logger = LoggerFactory.getLogger(JobsQueueMetrics.class);

	private final JobStore store;

	private final Collection<String> configuredQueues;

	private final Clock clock;

	private final Set<String> bound = ConcurrentHashMap.newKeySet();

	private volatile @Nullable MeterRegistry registry;

	private volatile Map<String, QueueStats> stats = Map.of();

	private volatile @Nullable Instant fetchedAt;

	public JobsQueueMetrics(JobStore store, Collection<String> configuredQueues, Clock clock) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.configuredQueues = Set.copyOf(configuredQueues);
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		this.configuredQueues.forEach(this::bindQueue);
	}

	private void bindQueue(String queue) {
		MeterRegistry target = this.registry;
		if (target == null || !this.bound.add(queue)) {
			return;
		}
		Gauge.builder(JobsMetricNames.QUEUE_DEPTH, this, (metrics) -> metrics.depth(queue))
			.tag(JobsMetricNames.TAG_QUEUE, queue)
			.description("Available jobs waiting in the queue")
			.register(target);
		Gauge.builder(JobsMetricNames.QUEUE_LAG, this, (metrics) -> metrics.lagSeconds(queue))
			.tag(JobsMetricNames.TAG_QUEUE, queue)
			.baseUnit("seconds")
			.description("How long the oldest available job of the queue has waited")
			.register(target);
	}

	double depth(String queue) {
		QueueStats queueStats = current().get(queue);
		return (queueStats != null) ? queueStats.count(JobState.AVAILABLE) : 0;
	}

	double lagSeconds(String queue) {
		QueueStats queueStats = current().get(queue);
		if (queueStats == null || queueStats.oldestAvailableAt() == null) {
			return 0;
		}
		return Math.max(0, Duration.between(queueStats.oldestAvailableAt(), this.clock.instant()).toMillis()) / 1000.0;
	}

	private Map<String, QueueStats> current() {
		Instant now = this.clock.instant();
		Instant fetched = this.fetchedAt;
		if (fetched == null || !now.isBefore(fetched.plus(CACHE_TTL))) {
			refresh(now);
		}
		return this.stats;
	}

	private synchronized void refresh(Instant now) {
		Instant fetched = this.fetchedAt;
		if (fetched != null && now.isBefore(fetched.plus(CACHE_TTL))) {
			return;
		}
		this.fetchedAt = now;
		try {
			Map<String, QueueStats> fresh = new ConcurrentHashMap<>();
			for (QueueStats queueStats : this.store.stats(new StatsParams(now))) {
				fresh.put(queueStats.queue(), queueStats);
			}
			this.stats = fresh;
			fresh.keySet().forEach(this::bindQueue);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read queue stats for metrics: {}", ex.toString());
		}
	}

	/**
	 * Look for new queues now, so that they get gauges before the first scrape.
	 */
	public void discoverQueues() {
		refresh(this.clock.instant());
	}

}
