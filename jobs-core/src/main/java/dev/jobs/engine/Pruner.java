package dev.jobs.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import dev.jobs.store.JobStore;
import dev.jobs.store.PruneParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished jobs once their state's retention has passed, in bounded batches, so
 * the jobs table stays small. The supervisor runs it on the leader only.
 */
final class Pruner {

	private static final Logger logger = LoggerFactory.getLogger(Pruner.class);

	private final PrunerConfig config;

	private final JobStore store;

	private final Clock clock;

	Pruner(PrunerConfig config, JobStore store, Clock clock) {
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	/**
	 * Delete every expired job now, batch by batch.
	 * @return how many jobs were deleted
	 */
	int prune() {
		PrunerConfig.Retention retention = this.config.retention();
		int total = 0;
		int deleted;
		do {
			Instant now = this.clock.instant();
			deleted = this.store.prune(new PruneParams(now.minus(retention.completed()),
					now.minus(retention.cancelled()), now.minus(retention.discarded()),
					now.minus(PrunerConfig.NODE_RETENTION), this.config.batchSize()));
			total += deleted;
		}
		while (deleted == this.config.batchSize());
		if (total > 0) {
			logger.debug("Pruned {} finished jobs", total);
		}
		return total;
	}

}
