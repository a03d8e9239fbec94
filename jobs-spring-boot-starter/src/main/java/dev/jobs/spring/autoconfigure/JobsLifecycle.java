package dev.jobs.spring.autoconfigure;

import java.util.List;

import dev.jobs.engine.CronEntry;
import dev.jobs.engine.Supervisor;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link Supervisor} once the context is ready (after the web server), and
 * stops it first when the context closes, before the web server drains and long before
 * the {@code DataSource} closes: claiming stops, running jobs get
 * {@code jobs.shutdown-timeout} to finish, and every outcome is written. The stop blocks
 * its phase until the supervisor is done. Recurring jobs, those of {@code jobs.cron.*}
 * and of {@code @JobHandler(cron = ...)}, start with the supervisor, which owns them.
 */
public final class JobsLifecycle implements SmartLifecycle {

	/**
	 * Later than the web server's start (and its graceful shutdown), so jobs start last
	 * and stop first.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final Supervisor supervisor;

	private final List<String> pausedQueues;

	private final boolean autoStartup;

	private volatile boolean running;

	/**
	 * A lifecycle for a supervisor.
	 * @param supervisor the supervisor
	 * @param pausedQueues queues to pause (for every node) at start
	 */
	public JobsLifecycle(Supervisor supervisor, List<String> pausedQueues) {
		this(supervisor, pausedQueues, true);
	}

	/**
	 * A lifecycle for a supervisor that may be left for the application to start: the
	 * test support's manual and inline modes keep the engine stopped this way.
	 * @param supervisor the supervisor
	 * @param pausedQueues queues to pause (for every node) at start
	 * @param autoStartup whether the supervisor starts with the context
	 */
	public JobsLifecycle(Supervisor supervisor, List<String> pausedQueues, boolean autoStartup) {
		this.supervisor = supervisor;
		this.pausedQueues = List.copyOf(pausedQueues);
		this.autoStartup = autoStartup;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public void start() {
		this.pausedQueues.forEach(this.supervisor::pause);
		this.supervisor.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.supervisor.stop();
		this.running = false;
	}

	/**
	 * Whether this lifecycle was started and not stopped, even if the supervisor was
	 * stopped by hand meanwhile.
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
		return this.supervisor.cronEntries();
	}

}
