package dev.jobs.spring.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobsListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Records job transitions as Micrometer meters (see {@link JobsMetricNames}). Jobs
 * enqueued inside a Spring transaction are counted when it commits, and not at all when
 * it rolls back: the enqueue happens on the caller's thread, so the listener sees the
 * caller's transaction.
 */
public class JobsMetricsListener implements JobsListener {

	private static final boolean TRANSACTIONS_PRESENT = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			JobsMetricsListener.class.getClassLoader());

	private final MeterRegistry registry;

	public JobsMetricsListener(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
	}

	@Override
	public void onEvent(JobEvent event) {
		Job job = event.job();
		Tags tags = Tags.of(JobsMetricNames.TAG_QUEUE, job.queue(), JobsMetricNames.TAG_KIND, job.kind());
		switch (event.type()) {
			case ENQUEUED -> countEnqueued(tags);
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

	private void countEnqueued(Tags tags) {
		if (!TRANSACTIONS_PRESENT || !EnqueuedOnCommit.defer(this, tags)) {
			count(JobsMetricNames.ENQUEUED, tags);
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

	/**
	 * Jobs enqueued in one transaction, counted once it commits. Only this class touches
	 * Spring's transaction support, which the application may not have.
	 */
	private static final class EnqueuedOnCommit implements TransactionSynchronization {

		private final JobsMetricsListener listener;

		private final Map<Tags, Integer> counts = new HashMap<>();

		EnqueuedOnCommit(JobsMetricsListener listener) {
			this.listener = listener;
		}

		/**
		 * Count a job when the caller's transaction commits.
		 * @return false when there is no transaction to wait for
		 */
		static boolean defer(JobsMetricsListener listener, Tags tags) {
			if (!TransactionSynchronizationManager.isActualTransactionActive()
					|| !TransactionSynchronizationManager.isSynchronizationActive()) {
				return false;
			}
			// One synchronization per transaction, found among the current transaction's
			// (a suspended outer transaction's are not listed), not one per job.
			EnqueuedOnCommit pending = TransactionSynchronizationManager.getSynchronizations()
				.stream()
				.filter((synchronization) -> synchronization instanceof EnqueuedOnCommit onCommit
						&& onCommit.listener == listener)
				.map(EnqueuedOnCommit.class::cast)
				.findFirst()
				.orElseGet(() -> {
					EnqueuedOnCommit created = new EnqueuedOnCommit(listener);
					TransactionSynchronizationManager.registerSynchronization(created);
					return created;
				});
			pending.add(tags);
			return true;
		}

		void add(Tags tags) {
			this.counts.merge(tags, 1, Integer::sum);
		}

		@Override
		public void afterCommit() {
			this.counts.forEach((tags, count) -> Counter.builder(JobsMetricNames.ENQUEUED)
				.tags(tags)
				.register(this.listener.registry)
				.increment(count));
		}

	}

}
