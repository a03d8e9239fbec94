package dev.jobs.spring.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobsListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records job transitions as Micrometer meters (see {@link JobsMetricNames}). Jobs
 * enqueued inside a Spring transaction are counted when it commits, and not at all when
 * it rolls back, because the engine only reports {@code ENQUEUED} for committed jobs.
 */
public class JobsMetricsListener implements JobsListener {

	private final MeterRegistry registry;

	public JobsMetricsListener(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
	}

	@Override
	public void onEvent(JobEvent event) {
		Job job = event.job();
		Tags tags = Tags.of(JobsMetricNames.TAG_QUEUE, job.queue(), JobsMetricNames.TAG_KIND, job.kind());
		switch (event.type()) {
			case ENQUEUED -> count(JobsMetricNames.ENQUEUED, tags);
			case STARTED -> {
				Duration waited = Duration.between(job.scheduledAt(), event.at());
				timer(JobsMetricNames.QUEUE_LATENCY, tags).record(waited.isNegative() ? Duration.ZERO : waited);
			}
			case COMPLETED -> {
				count(JobsMetricNames.COMPLETED, tags);
				recordExecution(event, tags);
			}
			case RETRIED, DISCARDED -> {
				count(JobsMetricNames.FAILED, tags.and(JobsMetricNames.TAG_OUTCOME, outcome(event)));
				recordExecution(event, tags);
			}
			case CANCELLED, SNOOZED -> recordExecution(event, tags);
			default -> {
				// Rescues and releases end no attempt of this node's.
			}
		}
	}

	private void recordExecution(JobEvent event, Tags tags) {
		if (event.duration() != null) {
			timer(JobsMetricNames.EXECUTION, tags.and(JobsMetricNames.TAG_OUTCOME, outcome(event)))
				.record(event.duration());
		}
	}

	private static String outcome(JobEvent event) {
		return event.type().name().toLowerCase(Locale.ROOT);
	}

	private void count(String name, Tags tags) {
		Counter.builder(name).tags(tags).register(this.registry).increment();
	}

	private Timer timer(String name, Tags tags) {
		return Timer.builder(name).tags(tags).register(this.registry);
	}

}
