package dev.jobs.engine;

import java.time.Clock;
import java.util.Objects;

import dev.jobs.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node registered as alive; after each beat, the supervisor picks up
 * cluster-wide changes (paused queues, cancel requests) a notification may have missed.
 */
final class Heartbeat {

	private static final Logger logger = LoggerFactory.getLogger(Heartbeat.class);

	private final JobStore store;

	private final String nodeId;

	private final Clock clock;

	private final Runnable afterBeat;

	Heartbeat(JobStore store, String nodeId, Clock clock, Runnable afterBeat) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.afterBeat = Objects.requireNonNull(afterBeat, "afterBeat must not be null");
	}

	/**
	 * Beat now.
	 */
	void beat() {
		this.store.heartbeat(this.nodeId, this.clock.instant());
		try {
			this.afterBeat.run();
		}
		catch (RuntimeException ex) {
			// The beat itself went through: a failure
			// here must not slow the next one down.
			logger.warn("Syncing node {} with the cluster failed; trying again at the next heartbeat: {}", this.nodeId,
					ex.toString());
		}
	}

}
