package dev.jobs.engine;

import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;

import dev.jobs.store.JobStore;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves scheduled and retryable jobs to available when they fall due, and says which
 * queues got jobs. The supervisor runs it on the leader only.
 */
final class Stager {

	private static final Logger logger = LoggerFactory.getLogger(Stager.class);

	private final StagerConfig config;

	private final JobStore store;

	private final Clock clock;

	private final Consumer<Collection<String>> onAvailable;

	Stager(StagerConfig config, JobStore store, Clock clock, Consumer<Collection<String>> onAvailable) {
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.onAvailable = Objects.requireNonNull(onAvailable, "onAvailable must not be null");
	}

	/**
	 * Stage every due job now, batch by batch.
	 * @return how many jobs became available
	 */
	int stage() {
		int total = 0;
		StageResult result;
		do {
			result = this.store.stage(new StageParams(this.clock.instant(), this.config.batchSize()));
			total += result.staged();
			if (!result.queues().isEmpty()) {
				this.onAvailable.accept(result.queues());
			}
		}
		while (result.staged() == this.config.batchSize());
		if (total > 0) {
			logger.debug("Staged {} due jobs", total);
		}
		return total;
	}

}
