package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

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
 * nodes are never touched, however long they run. Runs on the leader only.
 */
public final class Rescuer {

	private static final Logger logger = LoggerFactory.getLogger(Rescuer.class);

	private final JobStore store;

	private final Clock clock;

	private final Duration nodeExpiry;

	private final int batchSize;

	private final BooleanSupplier isLeader;

	private final JobsListener listener;

	private final Ticker ticker;

	public Rescuer(Duration interval, Duration nodeExpiry, int batchSize, JobStore store, Clock clock,
			BooleanSupplier isLeader, JobsListener listener) {
		this.nodeExpiry = Config.requirePositive(nodeExpiry, "nodeExpiry");
		Config.requireAtLeast(batchSize, 1, "rescuer batchSize");
		this.batchSize = batchSize;
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.isLeader = Objects.requireNonNull(isLeader, "isLeader must not be null");
		this.listener = Objects.requireNonNull(listener, "listener must not be null");
		this.ticker = new Ticker("jobs-rescuer", interval, this::rescueIfLeader);
	}

	public void start() {
		this.ticker.start();
	}

	public void stop() {
		this.ticker.stop(Duration.ofSeconds(5));
	}

	private void rescueIfLeader() {
		if (this.isLeader.getAsBoolean()) {
			rescue();
		}
	}

	/**
	 * Rescue every dead node's jobs now.
	 * @return how many jobs were handed back
	 */
	public int rescue() {
		int total = 0;
		List<Job> rescued;
		do {
			Instant now = this.clock.instant();
			rescued = this.store.rescue(new RescueParams(now, now.minus(this.nodeExpiry), this.batchSize));
			for (Job job : rescued) {
				logger.warn("Rescued job kind={} id={} queue={} attempt={}/{} from dead node {}; it is now {}",
						job.kind(), job.id(), job.queue(), job.attempt(), job.maxAttempts(), job.attemptedBy(),
						job.state().name().toLowerCase());
				this.listener.onEvent(JobEvent.of(JobEvent.Type.RESCUED, job, now));
			}
			total += rescued.size();
		}
		while (rescued.size() == this.batchSize);
		return total;
	}

}
