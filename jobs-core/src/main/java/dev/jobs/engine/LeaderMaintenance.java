package dev.jobs.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.jobs.JobEvent;
import dev.jobs.JobState;
import dev.jobs.JobsListener;
import dev.jobs.store.Completion;
import dev.jobs.store.JobStore;

/**
 * The leader's work on the jobs of the cluster, and what keeps it on time: staging due
 * jobs (the stager sleeps until the next one falls due), rescuing dead nodes' jobs and
 * staging them at once, pruning, and running the discard hook of jobs the rescuer
 * discards. Nodes tell it of jobs they wrote that fall due soon, and of a new election.
 */
final class LeaderMaintenance {

	private final Clock clock;

	private final Stager stager;

	private final Ticker stagerTicker;

	private final Rescuer rescuer;

	private final Ticker rescuerTicker;

	private final Pruner pruner;

	private final Ticker prunerTicker;

	private final DiscardHooks discardHooks;

	LeaderMaintenance(SupervisorBuilder builder, Clock clock, BooleanSupplier isLeader,
			Consumer<Collection<String>> onAvailable) {
		JobStore store = builder.store;
		this.clock = clock;
		this.discardHooks = new DiscardHooks(builder.handlers, builder.codec);
		this.stager = new Stager(builder.stager, store, clock, onAvailable);
		this.stagerTicker = Ticker.planned("jobs-stager", builder.stager.interval(),
				() -> this.stager.tick(isLeader.getAsBoolean()));
		this.rescuer = new Rescuer(builder.rescuer, store, clock,
				JobsListener.composite(List.of(builder.listener, this::onRescued)));
		this.rescuerTicker = Ticker.whileLeading("jobs-rescuer", builder.rescuer.interval(), isLeader,
				this::rescueAndStage);
		this.pruner = new Pruner(builder.pruner, store, clock);
		this.prunerTicker = Ticker.whileLeading("jobs-pruner", builder.pruner.interval(), isLeader, this.pruner::prune);
	}

	/**
	 * The tickers that run the leader's work, in start order.
	 * @return the services
	 */
	List<Service> services() {
		return List.of(this.stagerTicker, this.rescuerTicker, this.prunerTicker);
	}

	/**
	 * A new leader rescues dead nodes' jobs and stages due ones at once: the node it
	 * replaces may be the dead one, and its jobs have waited long enough.
	 */
	void onElected() {
		this.rescuerTicker.wake();
		this.stager.lookNow();
		this.stagerTicker.wake();
	}

	/**
	 * A job this node enqueued with a delay is committed: if it falls due soon, the
	 * stager comes back for it rather than at its next tick.
	 * @param event a job event
	 */
	void noteDue(JobEvent event) {
		if (event.type() == JobEvent.Type.ENQUEUED && event.job().state() == JobState.SCHEDULED) {
			noteDue(event.job().scheduledAt());
		}
	}

	/**
	 * Retries and snoozes are written: those falling due soon bring the stager back for
	 * them. Told after the write, not when the attempt ends, so that the stager never
	 * looks before the job is in the store.
	 * @param batch the outcomes just written
	 */
	void outcomesWritten(List<Completion> batch) {
		for (Completion completion : batch) {
			if (completion.scheduledAt() != null && (completion.result() == Completion.Result.RETRYABLE
					|| completion.result() == Completion.Result.SNOOZED)) {
				noteDue(completion.scheduledAt());
			}
		}
	}

	int stage() {
		return this.stager.stage();
	}

	int rescue() {
		return this.rescuer.rescue();
	}

	int prune() {
		return this.pruner.prune();
	}

	private void noteDue(Instant due) {
		if (this.stager.dueAt(due)) {
			this.stagerTicker.wake();
		}
	}

	/**
	 * Rescued jobs are retryable at once: stage them now, not at the stager's next look.
	 */
	private void rescueAndStage() {
		if (this.rescuer.rescue() > 0 && this.stager.dueAt(this.clock.instant())) {
			this.stagerTicker.wake();
		}
	}

	/**
	 * A job the rescuer discarded (its node died during its last attempt) gets its kind's
	 * discard hook here, on the leader.
	 */
	private void onRescued(JobEvent event) {
		if (event.job().state() == JobState.DISCARDED) {
			this.discardHooks.rescued(event.job());
		}
	}

}
