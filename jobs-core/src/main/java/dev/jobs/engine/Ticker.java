package dev.jobs.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import dev.jobs.internal.Require;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on its own daemon thread, every {@code interval} or at once when woken:
 * the shape of every periodic part of the engine (heartbeat, election, staging, rescue,
 * pruning, cron, orphan release). A task that throws is logged and retried after a
 * growing pause, so a database outage never kills the thread. A ticker made with
 * {@link #whileLeading} runs its task only while this node leads the cluster; one made
 * with {@link #planned} lets its task say when it runs next, sooner than the interval.
 */
final class Ticker implements Service {

	private static final Logger logger = LoggerFactory.getLogger(Ticker.class);

	private static final Duration MAX_ERROR_PAUSE = Duration.ofMinutes(1);

	/**
	 * The longest a stop waits for a tick in progress (a query the database holds up).
	 */
	private static final Duration MAX_STOP_WAIT = Duration.ofSeconds(5);

	private final String name;

	private final Duration interval;

	private static final Duration MIN_PAUSE = Duration.ofMillis(1);

	private final Supplier<Duration> task;

	private final Duration maxErrorPause;

	private final BooleanSupplier enabled;

	private final Signal wake = new Signal();

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile Thread thread;

	Ticker(String name, Duration interval, Runnable task) {
		this(name, interval, task, MAX_ERROR_PAUSE, () -> true);
	}

	private Ticker(String name, Duration interval, Runnable task, Duration maxErrorPause, BooleanSupplier enabled) {
		this(name, interval, every(interval, task), maxErrorPause, enabled);
	}

	private Ticker(String name, Duration interval, Supplier<Duration> task, Duration maxErrorPause,
			BooleanSupplier enabled) {
		this.name = Objects.requireNonNull(name, "name must not be null");
		this.interval = Require.positive(interval, name + " interval");
		this.task = Objects.requireNonNull(task, "task must not be null");
		this.maxErrorPause = maxErrorPause;
		this.enabled = Objects.requireNonNull(enabled, "enabled must not be null");
	}

	/**
	 * A ticker for the leader's work: its task runs only while {@code isLeader} says so.
	 */
	static Ticker whileLeading(String name, Duration interval, BooleanSupplier isLeader, Runnable task) {
		return new Ticker(name, interval, task, MAX_ERROR_PAUSE, isLeader);
	}

	/**
	 * A ticker whose task returns how long to wait before its next run: never more than
	 * the interval, and at least a millisecond.
	 */
	static Ticker planned(String name, Duration interval, Supplier<Duration> task) {
		return new Ticker(name, interval, task, MAX_ERROR_PAUSE, () -> true);
	}

	private static Supplier<Duration> every(Duration interval, Runnable task) {
		Objects.requireNonNull(task, "task must not be null");
		return () -> {
			task.run();
			return interval;
		};
	}

	/**
	 * A ticker whose pause after failures grows no longer than its interval: the
	 * heartbeat must not fall silent any longer, or a live node would be taken for dead.
	 */
	static Ticker steady(String name, Duration interval, Runnable task) {
		return new Ticker(name, interval, task, interval, () -> true);
	}

	@Override
	public void start() {
		if (this.running.compareAndSet(false, true)) {
			Thread started = new Thread(this::loop, this.name);
			started.setDaemon(true);
			this.thread = started;
			started.start();
		}
	}

	void wake() {
		this.wake.raise();
	}

	/**
	 * Stop the loop and wait for a running tick to end, at most {@code timeout} and never
	 * more than five seconds; a tick still running then is interrupted.
	 */
	@Override
	public void stop(Duration timeout) {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		Thread stopped = this.thread;
		this.wake.raise();
		Duration wait = (timeout.compareTo(MAX_STOP_WAIT) < 0) ? timeout : MAX_STOP_WAIT;
		try {
			stopped.join(Math.max(1, Signal.toMillis(wait)));
			if (stopped.isAlive()) {
				stopped.interrupt();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	boolean isRunning() {
		return this.running.get();
	}

	private Duration bounded(Duration pause) {
		if (pause.compareTo(MIN_PAUSE) < 0) {
			return MIN_PAUSE;
		}
		return (pause.compareTo(this.interval) > 0) ? this.interval : pause;
	}

	private void loop() {
		Duration errorPause = this.interval;
		while (this.running.get()) {
			Duration pause;
			try {
				pause = this.enabled.getAsBoolean() ? bounded(this.task.get()) : this.interval;
				errorPause = this.interval;
			}
			catch (Throwable ex) {
				Duration doubled = errorPause.multipliedBy(2);
				errorPause = (doubled.compareTo(this.maxErrorPause) > 0) ? this.maxErrorPause : doubled;
				pause = errorPause;
				logger.warn("{} failed; trying again in {} ms", this.name, pause.toMillis(), ex);
			}
			try {
				this.wake.await(pause);
			}
			catch (InterruptedException ex) {
				if (!this.running.get()) {
					return;
				}
			}
		}
	}

}
