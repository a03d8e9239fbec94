package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.jobs.store.JobStore;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves scheduled and retryable jobs to available when they fall due, and wakes their
 * queues. Runs on the leader only.
 */
public final class Stager {

	private static final Logger logger = LoggerFactory.getLogger(Stager.class);

	private final JobStore store;

	private final Clock clock;

	private final int batchSize;

	private final BooleanSupplier isLeader;

	private final Consumer<String> wakeQueue;

	private final Ticker ticker;

	public Stager(Duration interval, int batchSize, JobStore store, Clock clock, BooleanSupplier isLeader,
			Consumer<String> wakeQueue) {
		Config.requireAtLeast(batchSize, 1, "stager batchSize");
		this.batchSize = batchSize;
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.isLeader = Objects.requireNonNull(isLeader, "isLeader must not be null");
		this.wakeQueue = Objects.requireNonNull(wakeQueue, "wakeQueue must not be null");
		this.ticker = new Ticker("jobs-stager", interval, this::stageIfLeader);
	}

	public void start() {
		this.ticker.start();
	}

	public void stop() {
		this.ticker.stop(Duration.ofSeconds(5));
	}

	private void stageIfLeader() {
		if (this.isLeader.getAsBoolean()) {
			stage();
		}
	}

	/**
	 * Stage every due job now, batch by batch.
	 * @return how many jobs became available
	 */
	public int stage() {
		int total = 0;
		StageResult result;
		do {
			result = this.store.stage(new StageParams(this.clock.instant(), this.batchSize));
			total += result.staged();
			result.queues().forEach(this.wakeQueue);
		}
		while (result.staged() == this.batchSize);
		if (total > 0) {
			logger.debug("Staged {} due jobs", total);
		}
		return total;
	}

}
