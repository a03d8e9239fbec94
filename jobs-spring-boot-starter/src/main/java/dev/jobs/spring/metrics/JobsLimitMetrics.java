package dev.jobs.spring.metrics;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import dev.jobs.engine.LimitStatus;
import dev.jobs.engine.Supervisor;
import dev.jobs.limit.LimitUsage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges of each cluster-wide limit a node claims under
 * ({@link JobsMetricNames#LIMIT_IN_USE}, {@link JobsMetricNames#LIMIT_MAX},
 * {@link JobsMetricNames#LIMIT_WAITING}, tagged with the kind and the limit's type), and
 * of the node-wide cap. One read of the limits' use serves all gauges for
 * {@link JobsQueueMetrics#CACHE_TTL}.
 */
public class JobsLimitMetrics implements MeterBinder {

	private static final Logger logger = LoggerFactory.getLogger(JobsLimitMetrics.class);

	private final Supervisor supervisor;

	private volatile @Nullable LimitStatus status;

	private volatile long fetchedAt;

	public JobsLimitMetrics(Supervisor supervisor) {
		this.supervisor = Objects.requireNonNull(supervisor, "supervisor must not be null");
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		LimitStatus initial = this.supervisor.limitStatus();
		for (LimitUsage usage : initial.limits()) {
			gauge(registry, JobsMetricNames.LIMIT_IN_USE, usage, "Jobs executing, or started in the rate window",
					LimitUsage::inUse);
			gauge(registry, JobsMetricNames.LIMIT_MAX, usage, "The limit", LimitUsage::max);
			gauge(registry, JobsMetricNames.LIMIT_WAITING, usage, "Available jobs the limit may hold back",
					LimitUsage::waiting);
		}
		if (initial.nodeConcurrency() > 0) {
			Gauge.builder(JobsMetricNames.NODE_IN_USE, this, (metrics) -> metrics.current().nodeInUse())
				.description("Jobs running on this node under its node-wide cap")
				.register(registry);
			Gauge.builder(JobsMetricNames.NODE_MAX, this, (metrics) -> metrics.current().nodeConcurrency())
				.description("The node-wide cap")
				.register(registry);
		}
	}

	private void gauge(MeterRegistry registry, String name, LimitUsage usage, String description,
			ToDoubleFunction<LimitUsage> value) {
		Gauge.builder(name, this, (metrics) -> metrics.find(usage).map(value::applyAsDouble).orElse(0.0))
			.tag(JobsMetricNames.TAG_KIND, usage.kind())
			.tag(JobsMetricNames.TAG_LIMIT, usage.type())
			.description(description)
			.register(registry);
	}

	private Optional<LimitUsage> find(LimitUsage like) {
		List<LimitUsage> limits = current().limits();
		return limits.stream()
			.filter((usage) -> usage.kind().equals(like.kind()) && usage.type().equals(like.type()))
			.findFirst();
	}

	private synchronized LimitStatus current() {
		LimitStatus current = this.status;
		long now = System.nanoTime();
		if (current == null || now - this.fetchedAt >= JobsQueueMetrics.CACHE_TTL.toNanos()) {
			try {
				current = this.supervisor.limitStatus();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not read the use of job limits for metrics: {}", ex.toString());
				current = (current != null) ? current : new LimitStatus(List.of(), 0, 0);
			}
			this.status = current;
			this.fetchedAt = now;
		}
		return current;
	}

}
