package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;

import dev.jobs.store.JobStore;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves scheduled and retryable jobs to available when they fall due, and says which
 * queues got jobs.
 * <p>
 * Run by {@link #tick}, it starts due jobs on time without polling faster than its
 * interval. The leader asks the store when the next job falls due within the coming
 * interval and comes back then (one indexed read per tick, and no staging statement while
 * nothing is due). Jobs this node writes due sooner than that (a retry or snooze with a
 * short backoff, a job enqueued with a short delay) are {@linkplain #dueAt announced}:
 * the leader comes back for them, and another node stages them itself when they fall due,
 * since the leader may have looked before they were written.
 */
final class Stager {

	private static final Logger logger = LoggerFactory.getLogger(Stager.class);

	private final StagerConfig config;

	private final JobStore store;

	private final Clock clock;

	private final Consumer<Collection<String>> onAvailable;

	/** Due times of jobs this node wrote, due within an interval of being written. */
	private final ConcurrentSkipListSet<Instant> ownDue = new ConcurrentSkipListSet<>();

	/** When the leader looks at the store next. */
	private volatile Instant plannedAt = Instant.MIN;

	Stager(StagerConfig config, JobStore store, Clock clock, Consumer<Collection<String>> onAvailable) {
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.onAvailable = Objects.requireNonNull(onAvailable, "onAvailable must not be null");
	}

	/**
	 * Note that this node wrote a job due at {@code at}.
	 * @param at when the job falls due
	 * @return whether the stager must look sooner than it planned (wake its thread)
	 */
	boolean dueAt(Instant at) {
		if (!at.isBefore(this.clock.instant().plus(this.config.interval()))) {
			// The leader's look in the interval before it falls due will see it.
			return false;
		}
		this.ownDue.add(at);
		return at.isBefore(this.plannedAt);
	}

	/**
	 * Make the next run look at the store, for a node that just became the leader.
	 */
	void lookNow() {
		this.plannedAt = Instant.MIN;
	}

	/**
	 * One run of the stager's thread: stage what is due, and say when to run next.
	 * @param leader whether this node leads the cluster
	 * @return how long to wait before the next run
	 */
	Duration tick(boolean leader) {
		Instant now = this.clock.instant();
		boolean ownDueNow = !this.ownDue.isEmpty() && !this.ownDue.first().isAfter(now);
		if (leader && (ownDueNow || !now.isBefore(this.plannedAt))) {
			this.plannedAt = look(now).orElse(now.plus(this.config.interval()));
		}
		else if (ownDueNow) {
			stage();
		}
		// Forgotten only once staged: a failed stage keeps them for the next run.
		if (ownDueNow) {
			this.ownDue.headSet(now, true).clear();
		}
		if (!leader) {
			if (!now.isBefore(this.plannedAt)) {
				this.plannedAt = now.plus(this.config.interval());
			}
		}
		Instant next = this.plannedAt;
		if (!this.ownDue.isEmpty() && this.ownDue.first().isBefore(next)) {
			next = this.ownDue.first();
		}
		return Duration.between(this.clock.instant(), next);
	}

	/**
	 * Stage if a job is due, and find when the next one falls due, strictly after now and
	 * within the interval. A job still due after staging (one staging cannot move) leaves
	 * the next look a whole interval away, as before this lookahead existed.
	 */
	private Optional<Instant> look(Instant now) {
		Optional<Instant> next = this.store.nextDue(now.plus(this.config.interval()));
		if (next.isEmpty() || next.get().isAfter(now)) {
			return next;
		}
		stage();
		Instant after = this.clock.instant();
		return this.store.nextDue(after.plus(this.config.interval())).filter((at) -> at.isAfter(after));
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
