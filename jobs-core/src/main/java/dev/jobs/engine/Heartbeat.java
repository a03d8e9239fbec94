package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.jobs.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node registered as alive, and after each beat lets the supervisor pick up
 * cluster-wide changes (paused queues, cancel requests) that a notification may have
 * missed.
 */
public final class Heartbeat {

	private static final Logger logger = LoggerFactory.getLogger(Heartbeat.class);

	private final JobStore store;

	private final String nodeId;

	private final Clock clock;

	private final Runnable afterBeat;

	private final Ticker ticker;

	public Heartbeat(Duration interval, JobStore store, String nodeId, Clock clock, Runnable afterBeat) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.afterBeat = Objects.requireNonNull(afterBeat, "afterBeat must not be null");
		this.ticker = new Ticker("jobs-heartbeat", interval, this::beat, interval);
	}

	public void start() {
		this.ticker.start();
	}

	public void stop() {
		this.ticker.stop(Duration.ofSeconds(5));
	}

	/**
	 * Beat now.
	 */
	public void beat() {
		this.store.heartbeat(this.nodeId, this.clock.instant());
		try {
			this.afterBeat.run();
		}
		catch (RuntimeException ex) {
			// The beat itself went through: a failure here must not slow the next one
			// down.
			logger.warn("Syncing node {} with the cluster failed; trying again at the next heartbeat: {}", this.nodeId,
					ex.toString());
		}
	}

}
