package dev.jobs.engine;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when a one-shot node is done ({@link SupervisorBuilder#runLimit}): it has claimed
 * its most jobs, or its queues are empty, and none of its jobs runs or is being claimed.
 */
final class OneShot {

	private static final Logger logger = LoggerFactory.getLogger(Supervisor.class);

	private final RunLimit limit;

	private final ClaimBudget budget;

	private final String nodeId;

	private final Set<Producer> producers;

	private final BooleanSupplier running;

	private final CompletableFuture<Void> finished = new CompletableFuture<>();

	/**
	 * Watch the producers of a node; without a limit it never finishes.
	 * @param limit the node's limit
	 * @param nodeId the node
	 * @param producers its producers (one may serve several queues)
	 * @param running whether the supervisor runs
	 */
	OneShot(RunLimit limit, String nodeId, Collection<Producer> producers, BooleanSupplier running) {
		this.limit = limit;
		this.budget = new ClaimBudget(limit.maxJobs());
		this.nodeId = nodeId;
		this.producers = new LinkedHashSet<>(producers);
		this.running = running;
		if (limit.isLimited()) {
			this.producers.forEach((producer) -> producer.limit(this.budget, this::check));
		}
	}

	CompletableFuture<Void> finished() {
		return this.finished.copy();
	}

	private void check() {
		if (this.finished.isDone() || !this.running.getAsBoolean()) {
			return;
		}
		for (Producer producer : this.producers) {
			if (producer.inFlight() > 0 || producer.claimInFlightSince() != null) {
				return;
			}
		}
		boolean empty = this.limit.untilEmpty() && this.producers.stream().allMatch(Producer::isDrained);
		if (this.budget.isSpent() || empty) {
			logger.info("Jobs one-shot worker on node {} is done: {}", this.nodeId,
					empty ? "its queues are empty" : "it ran its " + this.limit.maxJobs() + " jobs");
			this.finished.complete(null);
		}
	}

}
