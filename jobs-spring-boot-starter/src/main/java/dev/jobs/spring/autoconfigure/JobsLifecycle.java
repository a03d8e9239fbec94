package dev.jobs.spring.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.jobs.JobDispatcher;
import dev.jobs.engine.CronConfig;
import dev.jobs.engine.CronEntry;
import dev.jobs.engine.CronScheduler;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link Supervisor} once the context is ready (after the web server), and
 * stops it first when the context closes, before the web server drains and long before
 * the {@code DataSource} closes: claiming stops, running jobs get
 * {@code jobs.shutdown-timeout} to finish, and every outcome is written. The stop blocks
 * its phase until the supervisor is done.
 * <p>
 * Recurring jobs run here too, on the leader: those of {@code jobs.cron.*} and of
 * {@code @JobHandler(cron = ...)}, which are only known once singletons are ready.
 */
public final class JobsLifecycle implements SmartLifecycle {

	/**
	 * Later than the web server's start (and its graceful shutdown), so jobs start last
	 * and stop first.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final Supervisor supervisor;

	private final Supplier<List<CronEntry>> cronEntries;

	private final CronConfig cronConfig;

	private final JobDispatcher dispatcher;

	private final JobStore store;

	private final List<String> pausedQueues;

	private volatile @Nullable CronScheduler cron;

	private volatile boolean running;

	/**
	 * A lifecycle for a supervisor.
	 * @param supervisor the supervisor
	 * @param cronEntries the recurring jobs, asked for at start
	 * @param cronConfig how the leader enqueues them
	 * @param dispatcher enqueues them
	 * @param store claims their ticks
	 * @param pausedQueues queues to pause (for every node) at start
	 */
	public JobsLifecycle(Supervisor supervisor, Supplier<List<CronEntry>> cronEntries, CronConfig cronConfig,
			JobDispatcher dispatcher, JobStore store, List<String> pausedQueues) {
		this.supervisor = supervisor;
		this.cronEntries = cronEntries;
		this.cronConfig = cronConfig;
		this.dispatcher = dispatcher;
		this.store = store;
		this.pausedQueues = List.copyOf(pausedQueues);
	}

	@Override
	public void start() {
		CronScheduler scheduler = cronScheduler();
		this.pausedQueues.forEach(this.supervisor::pause);
		this.supervisor.start();
		scheduler.start();
		this.cron = scheduler;
		this.running = true;
	}

	private CronScheduler cronScheduler() {
		try {
			return new CronScheduler(this.cronConfig, this.cronEntries.get(), this.dispatcher, this.store,
					Clock.systemUTC(), this.supervisor::isLeader);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(ex.getMessage() + ": cron entries need unique names across jobs.cron.* "
					+ "and @JobHandler(cron = ...), whose entries are named after their kind", ex);
		}
	}

	@Override
	public void stop() {
		CronScheduler scheduler = this.cron;
		if (scheduler != null) {
			scheduler.stop();
			this.cron = null;
		}
		this.supervisor.stop();
		this.running = false;
	}

	/**
	 * Whether this lifecycle was started and not stopped, even if the supervisor was
	 * stopped by hand meanwhile, so that the context's close still stops the cron
	 * scheduler.
	 */
	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The recurring jobs enqueued by this node while it leads.
	 * @return the entries, empty before start
	 */
	public List<CronEntry> cronEntries() {
		CronScheduler scheduler = this.cron;
		return (scheduler != null) ? scheduler.entries() : new ArrayList<>();
	}

}
