package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.Completion;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands back jobs the store shows executing on this node that this node does not run. A
 * claim whose reply was lost (the connection died after the commit), or an outcome lost
 * with the last moments of a database crash (outcomes need not wait for the flush),
 * leaves such a job; since this node is alive, the rescuer would never touch it. Claims
 * younger than the grace are left alone: they may be on their way to the executor.
 */
final class OrphanReleaser {

	private static final Logger logger = LoggerFactory.getLogger(OrphanReleaser.class);

	private final JobStore store;

	private final String nodeId;

	private final Clock clock;

	private final Duration grace;

	private final Supplier<@Nullable Instant> oldestClaimInFlight;

	private final LongPredicate isHeld;

	private final Consumer<Completion> release;

	/**
	 * A releaser for one node.
	 * @param store the store
	 * @param nodeId this node
	 * @param clock the engine's clock
	 * @param grace how old a claim must be before its jobs count as orphans
	 * @param oldestClaimInFlight when the oldest claim still on its way started, if any
	 * @param isHeld whether this node holds a job (running, or its outcome unwritten)
	 * @param release writes the hand-back of a job
	 */
	OrphanReleaser(JobStore store, String nodeId, Clock clock, Duration grace,
			Supplier<@Nullable Instant> oldestClaimInFlight, LongPredicate isHeld, Consumer<Completion> release) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.grace = Objects.requireNonNull(grace, "grace must not be null");
		this.oldestClaimInFlight = Objects.requireNonNull(oldestClaimInFlight, "oldestClaimInFlight must not be null");
		this.isHeld = Objects.requireNonNull(isHeld, "isHeld must not be null");
		this.release = Objects.requireNonNull(release, "release must not be null");
	}

	/**
	 * Hand back every orphan now.
	 * @return how many jobs were handed back
	 */
	int release() {
		Instant now = this.clock.instant();
		Instant claimedBefore = now.minus(this.grace);
		Instant inFlight = this.oldestClaimInFlight.get();
		// The store may round a claim's time down a little: a millisecond of margin.
		if (inFlight != null && inFlight.minusMillis(1).isBefore(claimedBefore)) {
			claimedBefore = inFlight.minusMillis(1);
		}
		List<Long> candidates = new ArrayList<>();
		for (long id : this.store.executingIds(this.nodeId, claimedBefore)) {
			if (!this.isHeld.test(id)) {
				candidates.add(id);
			}
		}
		int released = 0;
		for (Job job : stillOrphaned(candidates, claimedBefore)) {
			logger.warn(
					"Job kind={} id={} queue={} is executing on this node ({}) in the store but is not "
							+ "running here (its claim's reply or its outcome was lost); handing it back",
					job.kind(), job.id(), job.queue(), this.nodeId);
			this.release.accept(Completion.release(job, now));
			released++;
		}
		return released;
	}

	/**
	 * The candidates whose rows, read whole, still show an old claim of this node, and
	 * that this node still does not hold. A job whose outcome was written after the
	 * listing and before the check of what this node holds looked orphaned; its row no
	 * longer shows that claim.
	 */
	private List<Job> stillOrphaned(List<Long> candidates, Instant claimedBefore) {
		if (candidates.isEmpty()) {
			return List.of();
		}
		List<Job> orphans = new ArrayList<>();
		for (Job job : this.store.findAll(candidates)) {
			if (job.state() == JobState.EXECUTING && this.nodeId.equals(job.attemptedBy()) && job.attemptedAt() != null
					&& job.attemptedAt().isBefore(claimedBefore) && !this.isHeld.test(job.id())) {
				orphans.add(job);
			}
		}
		return orphans;
	}

}
