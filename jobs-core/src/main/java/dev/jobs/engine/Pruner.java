package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import dev.jobs.store.JobStore;
import dev.jobs.store.PruneParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished jobs once their state's retention has passed, in bounded batches, so
 * the jobs table stays small. Runs on the leader only.
 */
public final class Pruner {

	private static final Logger logger = LoggerFactory.getLogger(Pruner.class);

	private final MaintenanceConfig config;

	private final JobStore store;

	private final Clock clock;

	private final BooleanSupplier isLeader;

	private final Ticker ticker;

	public Pruner(MaintenanceConfig config, JobStore store, Clock clock, BooleanSupplier isLeader) {
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.isLeader = Objects.requireNonNull(isLeader, "isLeader must not be null");
		this.ticker = new Ticker("jobs-pruner", config.pruneInterval(), this::pruneIfLeader);
	}

	public void start() {
		this.ticker.start();
	}

	public void stop() {
		this.ticker.stop(Duration.ofSeconds(5));
	}

	private void pruneIfLeader() {
		if (this.isLeader.getAsBoolean()) {
			prune();
		}
	}

	/**
	 * Delete every expired job now, batch by batch.
	 * @return how many jobs were deleted
	 */
	public int prune() {
		int total = 0;
		int deleted;
		do {
			Instant now = this.clock.instant();
			deleted = this.store.prune(new PruneParams(now.minus(this.config.completedRetention()),
					now.minus(this.config.cancelledRetention()), now.minus(this.config.discardedRetention()),
					now.minus(MaintenanceConfig.NODE_RETENTION), this.config.batchSize()));
			total += deleted;
		}
		while (deleted == this.config.batchSize());
		if (total > 0) {
			logger.debug("Pruned {} finished jobs", total);
		}
		return total;
	}

}
