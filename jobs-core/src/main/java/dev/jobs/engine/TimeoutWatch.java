package dev.jobs.engine;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the deadlines of running jobs from one thread, without a timer task per job.
 * The thread sleeps until the earliest deadline it knows of; only a job whose deadline is
 * earlier than that wakes it. Starting and finishing a job costs an insertion into and a
 * removal from a concurrent set, where a scheduled task per job cost a locked heap
 * operation each way and woke the timer whenever the earliest task was cancelled.
 */
final class TimeoutWatch {

	private static final Logger logger = LoggerFactory.getLogger(TimeoutWatch.class);

	/** The longest sleep with nothing to watch: idle, the thread costs nothing. */
	private static final long IDLE_NANOS = Duration.ofMinutes(10).toNanos();

	private final Set<Watched> watched = ConcurrentHashMap.newKeySet();

	private final Object lock = new Object();

	private final String threadName;

	/** When the thread wakes next, on {@link System#nanoTime()}. */
	private volatile long wakeAt;

	/** True while the thread looks through the watched set. */
	private volatile boolean scanning;

	/** A deadline earlier than {@link #wakeAt} came in; guarded by {@link #lock}. */
	private boolean poked;

	private volatile boolean stopped;

	private volatile Thread thread;

	TimeoutWatch(String threadName) {
		this.threadName = threadName;
	}

	/**
	 * Watch a deadline until {@link #unwatch} or until it passes, when
	 * {@link Watched#expired()} is called on the watch's thread.
	 * @param item what to watch
	 */
	void watch(Watched item) {
		startOnce();
		this.watched.add(item);
		// Added before reading: a scan that starts after this read sees the item, and a
		// thread that sleeps until wakeAt wakes no later than the item's deadline.
		if (this.scanning || item.deadline() - this.wakeAt < 0) {
			synchronized (this.lock) {
				this.poked = true;
				this.lock.notifyAll();
			}
		}
	}

	void unwatch(Watched item) {
		this.watched.remove(item);
	}

	void stop() {
		this.stopped = true;
		synchronized (this.lock) {
			this.poked = true;
			this.lock.notifyAll();
		}
	}

	private void startOnce() {
		if (this.thread == null) {
			startThread();
		}
	}

	private synchronized void startThread() {
		if (this.thread == null && !this.stopped) {
			this.wakeAt = System.nanoTime() + IDLE_NANOS;
			Thread started = new Thread(this::loop, this.threadName);
			started.setDaemon(true);
			this.thread = started;
			started.start();
		}
	}

	private void loop() {
		while (!this.stopped) {
			List<Watched> due = new ArrayList<>();
			try {
				synchronized (this.lock) {
					this.poked = false;
					this.scanning = true;
					// Pairs with watch(): its add, then its read of scanning.
					VarHandle.fullFence();
					long now = System.nanoTime();
					long next = now + IDLE_NANOS;
					for (Watched item : this.watched) {
						long deadline = item.deadline();
						if (deadline - now <= 0) {
							due.add(item);
						}
						else if (deadline - next < 0) {
							next = deadline;
						}
					}
					due.forEach(this.watched::remove);
					this.wakeAt = next;
					this.scanning = false;
					long sleep = next - System.nanoTime();
					if (due.isEmpty() && !this.poked && sleep > 0) {
						TimeUnit.NANOSECONDS.timedWait(this.lock, sleep);
					}
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			for (Watched item : due) {
				try {
					item.expired();
				}
				catch (Throwable ex) {
					// This thread enforces every timeout:
					// it must outlive any one of them.
					logger.error("Enforcing a job's timeout failed", ex);
				}
			}
		}
	}

	/**
	 * Something with a deadline.
	 */
	interface Watched {

		/**
		 * The deadline.
		 * @return a time on {@link System#nanoTime()}
		 */
		long deadline();

		/**
		 * The deadline passed.
		 */
		void expired();

	}

}
