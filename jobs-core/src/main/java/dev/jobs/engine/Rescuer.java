package dev.jobs.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobsListener;
import dev.jobs.store.JobStore;
import dev.jobs.store.RescueParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands back the executing jobs of nodes that stopped heartbeating (crashed, killed, cut
 * off): retryable at once, or discarded when their attempts are used up. Jobs of live
 * nodes are never touched, however long they run. Only the leader runs it.
 */
final class Rescuer {

	private static final Logger logger = LoggerFactory.getLogger(Rescuer.class);

	private final RescuerConfig config;

	private final JobStore store;

	private final Clock clock;

	private final JobsListener listener;

	Rescuer(RescuerConfig config, JobStore store, Clock clock, JobsListener listener) {
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.listener = Objects.requireNonNull(listener, "listener must not be null");
	}

	/**
	 * Rescue every dead node's jobs now.
	 * @return how many jobs were handed back
	 */
	int rescue() {
		int total = 0;
		List<Job> rescued;
		do {
			Instant now = this.clock.instant();
			rescued = this.store
				.rescue(new RescueParams(now, now.minus(this.config.nodeExpiry()), this.config.batchSize()));
			for (Job job : rescued) {
				logger.warn("Rescued job kind={} id={} queue={} attempt={}/{} from dead node {}; it is now {}",
						job.kind(), job.id(), job.queue(), job.attempt(), job.maxAttempts(), job.attemptedBy(),
						job.state().name().toLowerCase(Locale.ROOT));
				this.listener.onEvent(JobEvent.of(JobEvent.Type.RESCUED, job, now));
			}
			total += rescued.size();
		}
		while (rescued.size() == this.config.batchSize());
		return total;
	}

}
