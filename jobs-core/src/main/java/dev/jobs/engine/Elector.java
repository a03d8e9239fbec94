package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.jobs.store.ElectParams;
import dev.jobs.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds or seeks the cluster's leader lease, so that one node runs the stager, rescuer,
 * pruner and cron. The lease is renewed every third of its length and given up on stop,
 * so a new leader takes over at once. Gaining the lease runs {@code onElected}, so that a
 * new leader rescues and stages at once rather than at its next ticks.
 */
final class Elector implements Service {

	private static final Logger logger = LoggerFactory.getLogger(Elector.class);

	private final JobStore store;

	private final String nodeId;

	private final Clock clock;

	private final Duration ttl;

	private final Ticker ticker;

	private final Runnable onElected;

	private volatile boolean leader;

	Elector(LeaderConfig config, JobStore store, String nodeId, Clock clock) {
		this(config, store, nodeId, clock, () -> {
		});
	}

	Elector(LeaderConfig config, JobStore store, String nodeId, Clock clock, Runnable onElected) {
		this.onElected = Objects.requireNonNull(onElected, "onElected must not be null");
		this.ttl = config.ttl();
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		Duration renewEvery = this.ttl.dividedBy(3);
		this.ticker = new Ticker("jobs-elector", renewEvery.isZero() ? this.ttl : renewEvery, this::elect);
	}

	@Override
	public void start() {
		this.ticker.start();
	}

	/**
	 * Stop renewing, and give up the lease so that another node takes over at once.
	 */
	@Override
	public void stop(Duration timeout) {
		this.ticker.stop(timeout);
		if (this.leader) {
			this.leader = false;
			try {
				this.store.resign(this.nodeId);
				logger.info("Node {} resigned as jobs leader", this.nodeId);
			}
			catch (RuntimeException ex) {
				logger.warn("Node {} could not resign as jobs leader; the lease expires in {} ms: {}", this.nodeId,
						this.ttl.toMillis(), ex.getMessage());
			}
		}
	}

	/**
	 * Take or renew the lease now.
	 * @return whether this node leads
	 */
	boolean elect() {
		boolean was = this.leader;
		try {
			this.leader = this.store.elect(new ElectParams(this.nodeId, this.clock.instant(), this.ttl));
		}
		catch (RuntimeException ex) {
			// A leader that cannot reach the store must
			// not go on acting as leader past its lease.
			this.leader = false;
			throw ex;
		}
		if (this.leader != was) {
			logger.info("Node {} {} the jobs leader", this.nodeId, this.leader ? "is now" : "is no longer");
			if (this.leader) {
				this.onElected.run();
			}
		}
		return this.leader;
	}

	boolean isLeader() {
		return this.leader;
	}

}
