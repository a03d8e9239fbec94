package dev.jobs.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on its own daemon thread, every {@code interval} or at once when woken. A
 * task that throws is logged and retried after a growing pause (up to a minute), so a
 * database outage never kills the thread.
 */
final class Ticker {

	private static final Logger logger = LoggerFactory.getLogger(Ticker.class);

	private static final Duration MAX_ERROR_PAUSE = Duration.ofMinutes(1);

	private final Duration maxErrorPause;

	private final String name;

	private final Duration interval;

	private final Runnable task;

	private final Signal wake = new Signal();

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile Thread thread;

	Ticker(String name, Duration interval, Runnable task) {
		this(name, interval, task, MAX_ERROR_PAUSE);
	}

	/**
	 * A ticker whose pause after failures grows no longer than {@code maxErrorPause}: the
	 * heartbeat must not fall silent for longer than its interval, or a live node would
	 * be taken for dead.
	 */
	Ticker(String name, Duration interval, Runnable task, Duration maxErrorPause) {
		this.maxErrorPause = maxErrorPause;
		this.name = Objects.requireNonNull(name, "name must not be null");
		this.interval = Config.requirePositive(interval, name + " interval");
		this.task = Objects.requireNonNull(task, "task must not be null");
	}

	void start() {
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
	 * Stop the loop and wait for a running tick to end.
	 * @param timeout the longest wait
	 */
	void stop(Duration timeout) {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		Thread stopped = this.thread;
		this.wake.raise();
		try {
			stopped.join(Math.max(1, Signal.toMillis(timeout)));
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

	private void loop() {
		Duration pause = this.interval;
		while (this.running.get()) {
			try {
				this.task.run();
				pause = this.interval;
			}
			catch (Throwable ex) {
				Duration doubled = pause.multipliedBy(2);
				pause = (doubled.compareTo(this.maxErrorPause) > 0) ? this.maxErrorPause : doubled;
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
