package dev.jobs.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import dev.jobs.store.JobNotifier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells other nodes that queues got jobs, once the jobs are committed, on the notifier's
 * own connection and thread: never inside the application's transaction, where a
 * PostgreSQL notification would make its commit wait on every other notifying commit.
 * Each queue is announced at most once per window: the first jobs after a quiet spell are
 * announced at once (an idle node starts them within milliseconds), and jobs committed
 * later in the window fold into one trailing announcement at its end. A busy node needs
 * no more, as it claims again as soon as a claim comes back full; an announcement that is
 * lost (this node dies first, the database blinks) costs at most one poll interval.
 * <p>
 * The sending thread starts on first use and stops with {@link #stop}.
 */
final class ClusterWake implements Service {

	private static final Logger logger = LoggerFactory.getLogger(ClusterWake.class);

	/** Short next to a poll interval, long next to a burst of enqueues. */
	static final Duration DEFAULT_WINDOW = Duration.ofMillis(20);

	private final JobNotifier notifier;

	/** The node that announces, or {@code null} for a client without a node. */
	private final @Nullable String sender;

	private final long windowNanos;

	private final LongSupplier nanoTime;

	private final boolean sendsOnItsThread;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/**
	 * Per queue: when it was last announced, and whether jobs wait for an announcement.
	 * Changed under the lock; read without it on the fast path.
	 */
	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	private @Nullable Thread thread;

	private boolean stopped;

	private boolean failing;

	/** Whether jobs came since the sender last looked; guarded by the lock. */
	private boolean dirty;

	/**
	 * The wake of a client without a node of its own: every subscriber hears it.
	 */
	ClusterWake(JobNotifier notifier) {
		this(notifier, null);
	}

	/**
	 * The wake of a node, whose own subscription skips what it announces.
	 */
	ClusterWake(JobNotifier notifier, @Nullable String sender) {
		this(notifier, sender, DEFAULT_WINDOW, System::nanoTime, true);
	}

	/**
	 * A wake with its own window and time source; without a thread of its own, the caller
	 * (a test) calls {@link #announceDue()}.
	 */
	ClusterWake(JobNotifier notifier, @Nullable String sender, Duration window, LongSupplier nanoTime,
			boolean sendsOnItsThread) {
		this.notifier = Objects.requireNonNull(notifier, "notifier must not be null");
		this.sender = sender;
		this.windowNanos = window.toNanos();
		this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
		this.sendsOnItsThread = sendsOnItsThread;
	}

	/**
	 * Jobs of these queues were committed and are available now.
	 * @param queues the queues
	 */
	void jobsAvailable(Collection<String> queues) {
		if (allPending(queues)) {
			// Announced at the end of the window, which starts after these jobs'
			// commit: nothing to add, and no lock for every enqueue of a busy queue.
			return;
		}
		long now = this.nanoTime.getAsLong();
		this.lock.lock();
		try {
			if (!this.stopped) {
				boolean fresh = false;
				for (String queue : queues) {
					fresh |= this.windows.computeIfAbsent(queue, (name) -> new Window(now - this.windowNanos)).mark();
				}
				startOnce();
				if (fresh) {
					this.dirty = true;
					this.changed.signal();
				}
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		// Stopped while the application still enqueues (requests draining after the
		// engine stopped): tell the other nodes at once, on this thread.
		announce(List.copyOf(queues));
	}

	private boolean allPending(Collection<String> queues) {
		for (String queue : queues) {
			Window window = this.windows.get(queue);
			if (window == null || !window.pending) {
				return false;
			}
		}
		return true;
	}

	/** Starts on first use. */
	@Override
	public void start() {
	}

	/**
	 * Stop the sending thread, dropping pending announcements (other nodes poll).
	 */
	@Override
	public void stop(Duration timeout) {
		Thread sender;
		this.lock.lock();
		try {
			this.stopped = true;
			sender = this.thread;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		if (sender != null && sender != Thread.currentThread()) {
			try {
				sender.join(Math.max(1, Math.min(timeout.toMillis(), 1_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		announcePending();
	}

	private void announcePending() {
		List<String> pending = new ArrayList<>();
		this.lock.lock();
		try {
			this.windows.forEach((queue, window) -> {
				if (window.pending) {
					window.pending = false;
					pending.add(queue);
				}
			});
		}
		finally {
			this.lock.unlock();
		}
		if (!pending.isEmpty()) {
			announce(pending);
		}
	}

	/**
	 * Announce the queues whose turn has come.
	 * @return nanoseconds until the next queue's turn, or {@code -1} when none waits
	 */
	long announceDue() {
		long now = this.nanoTime.getAsLong();
		List<String> due = new ArrayList<>();
		long next = -1;
		this.lock.lock();
		try {
			for (Map.Entry<String, Window> entry : this.windows.entrySet()) {
				Window window = entry.getValue();
				if (!window.pending) {
					continue;
				}
				long wait = window.lastAnnounced + this.windowNanos - now;
				if (wait <= 0) {
					window.pending = false;
					window.lastAnnounced = now;
					due.add(entry.getKey());
				}
				else {
					next = (next < 0) ? wait : Math.min(next, wait);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		if (!due.isEmpty()) {
			announce(due);
		}
		return next;
	}

	private void announce(List<String> queues) {
		try {
			if (this.sender != null) {
				this.notifier.announce(this.sender, queues);
			}
			else {
				this.notifier.announce(queues);
			}
			if (this.failing) {
				this.failing = false;
				logger.info("Announcing available jobs to other nodes works again");
			}
		}
		catch (RuntimeException | LinkageError ex) {
			// Other nodes poll meanwhile; one line per outage, not one per window.
			if (!this.failing) {
				this.failing = true;
				logger.warn("Could not announce available jobs of queues {} to other nodes; they find them at their "
						+ "next poll: {}", queues, ex.toString());
			}
		}
	}

	private void startOnce() {
		if (this.thread == null && this.sendsOnItsThread) {
			Thread sender = new Thread(this::loop, "jobs-cluster-wake");
			sender.setDaemon(true);
			// Not the class loader of whichever request thread enqueued first.
			sender.setContextClassLoader(ClusterWake.class.getClassLoader());
			sender.setUncaughtExceptionHandler(
					(thread, ex) -> logger.error("The thread announcing available jobs to other nodes died", ex));
			this.thread = sender;
			sender.start();
		}
	}

	private void loop() {
		long wait = 0;
		while (true) {
			this.lock.lock();
			try {
				while (!this.stopped && !this.dirty && wait != 0) {
					if (wait < 0) {
						this.changed.await();
					}
					else {
						wait = this.changed.awaitNanos(wait);
						if (wait <= 0) {
							break;
						}
					}
				}
				if (this.stopped) {
					return;
				}
				this.dirty = false;
			}
			catch (InterruptedException ex) {
				// Only stop ends this thread: an interrupt from elsewhere must not leave
				// queues marked pending with nobody to announce them.
				continue;
			}
			finally {
				this.lock.unlock();
			}
			wait = announceDue();
		}
	}

	/** One queue's announcements; guarded by the lock. */
	private static final class Window {

		long lastAnnounced;

		volatile boolean pending;

		Window(long lastAnnounced) {
			this.lastAnnounced = lastAnnounced;
		}

		/**
		 * Note that jobs wait for an announcement.
		 * @return whether these are the first jobs since the last announcement
		 */
		boolean mark() {
			if (this.pending) {
				return false;
			}
			this.pending = true;
			return true;
		}

	}

}
