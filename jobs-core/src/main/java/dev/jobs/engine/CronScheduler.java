package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.jobs.JobDispatcher;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues recurring jobs, once per tick across the cluster. Runs on the leader only.
 * Each due tick is first claimed in the store ({@link JobStore#recordCronTick}), so a
 * tick is enqueued by one node even across a leader change; a claimed tick whose enqueue
 * failed is retried with the same unique key until it succeeds. Ticks missed by more than
 * the misfire grace (while no node ran) are skipped: the schedule goes on from the next
 * tick, and at most one run is made for ticks missed within the grace.
 */
final class CronScheduler implements Service {

	private static final Logger logger = LoggerFactory.getLogger(CronScheduler.class);

	private final CronConfig config;

	private final Supplier<List<CronEntry>> entrySource;

	private volatile @Nullable List<CronEntry> entries;

	private final JobDispatcher dispatcher;

	private final JobStore store;

	private final Clock clock;

	private final BooleanSupplier isLeader;

	private final Ticker ticker;

	private final Map<String, Instant> nextTicks = new HashMap<>();

	private final Map<String, Instant> unenqueued = new HashMap<>();

	private boolean leading;

	/**
	 * A scheduler for entries known only at start.
	 * @param config its settings
	 * @param entries asked for once, at start: some (those of annotated handlers) are
	 * found only after the application is wired
	 * @param dispatcher enqueues the jobs
	 * @param store claims each tick for one node of the cluster
	 * @param clock the engine's clock
	 * @param isLeader whether this node leads the cluster
	 */
	CronScheduler(CronConfig config, Supplier<List<CronEntry>> entries, JobDispatcher dispatcher, JobStore store,
			Clock clock, BooleanSupplier isLeader) {
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.entrySource = Objects.requireNonNull(entries, "entries must not be null");
		this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.isLeader = Objects.requireNonNull(isLeader, "isLeader must not be null");
		this.ticker = new Ticker("jobs-cron", config.checkInterval(), this::check);
	}

	/**
	 * Read the entries and start checking for due ticks (no thread without entries).
	 * @throws IllegalStateException if two entries share a name
	 */
	@Override
	public void start() {
		if (!entries().isEmpty()) {
			this.ticker.start();
		}
	}

	@Override
	public void stop(Duration timeout) {
		this.ticker.stop(timeout);
	}

	/**
	 * The entries this scheduler enqueues, read from their source on first use.
	 * @return the entries
	 * @throws IllegalStateException if two entries share a name
	 */
	List<CronEntry> entries() {
		List<CronEntry> resolved = this.entries;
		if (resolved == null) {
			resolved = List.copyOf(this.entrySource.get());
			Set<String> names = new HashSet<>();
			for (CronEntry entry : resolved) {
				if (!names.add(entry.name())) {
					throw new IllegalStateException("Cron entry '" + entry.name() + "' is defined twice: cron "
							+ "entries need unique names (those of annotated handlers are named after their kind)");
				}
			}
			this.entries = resolved;
		}
		return resolved;
	}

	/**
	 * Enqueue every due tick now, if this node leads.
	 * @return how many jobs were enqueued
	 */
	synchronized int check() {
		if (!this.isLeader.getAsBoolean()) {
			this.leading = false;
			return 0;
		}
		return checkDue();
	}

	/**
	 * Enqueue every due tick now, whether or not this node leads: the store's tick claims
	 * still keep each tick to one node.
	 * @return how many jobs were enqueued
	 */
	synchronized int checkNow() {
		return checkDue();
	}

	private int checkDue() {
		Instant now = this.clock.instant();
		if (!this.leading) {
			// A new leader starts from the grace window: ticks the old leader handled are
			// refused by the store.
			this.leading = true;
			this.nextTicks.clear();
			for (CronEntry entry : entries()) {
				putNext(entry.name(), entry.schedule().next(now.minus(this.config.misfireGrace())));
			}
		}
		int enqueued = 0;
		for (CronEntry entry : entries()) {
			try {
				enqueued += checkEntry(entry, now);
			}
			catch (RuntimeException ex) {
				// One entry's failure (the store blinked, an unknown kind) must not
				// starve the others.
				logger.warn("Cron entry '{}' failed; trying again at the next check: {}", entry.name(), ex.toString());
			}
		}
		return enqueued;
	}

	private int checkEntry(CronEntry entry, Instant now) {
		Instant due = null;
		Instant next = this.nextTicks.get(entry.name());
		while (next != null && !next.isAfter(now)) {
			due = next;
			next = entry.schedule().next(next);
		}
		if (due != null) {
			if (Duration.between(due, now).compareTo(this.config.misfireGrace()) > 0) {
				logger.info("Skipped cron entry '{}' tick {}: missed by more than {}", entry.name(), due,
						this.config.misfireGrace());
			}
			else if (this.store.recordCronTick(entry.name(), due)) {
				this.unenqueued.put(entry.name(), due);
			}
		}
		// Only now: a tick whose claim failed is tried again at the next check.
		putNext(entry.name(), next);
		Instant claimed = this.unenqueued.get(entry.name());
		if (claimed == null) {
			return 0;
		}
		this.dispatcher.enqueue(entry.request().unique("cron:" + entry.name() + ":" + claimed.toEpochMilli()));
		this.unenqueued.remove(entry.name());
		logger.debug("Enqueued cron entry '{}' for tick {}", entry.name(), claimed);
		return 1;
	}

	private void putNext(String name, @Nullable Instant next) {
		if (next != null) {
			this.nextTicks.put(name, next);
		}
		else {
			this.nextTicks.remove(name);
		}
	}

}
