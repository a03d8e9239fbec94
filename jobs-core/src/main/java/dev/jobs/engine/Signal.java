package dev.jobs.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A wake-up that is not lost: a signal sent while nobody waits is kept for the next wait.
 */
final class Signal {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition raised = this.lock.newCondition();

	private volatile boolean pending;

	void raise() {
		// Already raised and not yet consumed: the waiter will look anyway, and it reads
		// whatever the raiser wrote before this read. Raised once per finished job, so
		// the lock is worth skipping.
		if (this.pending) {
			return;
		}
		this.lock.lock();
		try {
			this.pending = true;
			this.raised.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait for a signal, at most {@code timeout}, and consume it.
	 * @param timeout the longest wait
	 * @return whether a signal came
	 * @throws InterruptedException if the thread is interrupted
	 */
	boolean await(Duration timeout) throws InterruptedException {
		long nanos = timeout.toNanos();
		this.lock.lock();
		try {
			while (!this.pending && nanos > 0) {
				nanos = this.raised.awaitNanos(nanos);
			}
			boolean signalled = this.pending;
			this.pending = false;
			return signalled;
		}
		finally {
			this.lock.unlock();
		}
	}

	static long toMillis(Duration duration) {
		return TimeUnit.NANOSECONDS.toMillis(duration.toNanos());
	}

}
