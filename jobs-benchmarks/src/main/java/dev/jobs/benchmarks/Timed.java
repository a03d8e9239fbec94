package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the same call from several threads for a fixed time and counts the jobs it stored:
 * how both the enqueue scenario and the raw-SQL inserts are timed, so that a ratio
 * compares like with like. Each thread opens its session (a connection, a bound
 * transaction) before the clock starts and closes it after the clock stops.
 */
final class Timed {

	private Timed() {
	}

	/**
	 * Jobs per second from several threads.
	 * @param what what runs, for the threads' names and the failure message
	 * @param threads how many threads
	 * @param length how long the calls run
	 * @param maxJobs stop early after this many jobs
	 * @param opener opens one thread's session
	 * @return the jobs stored per second of the timed window
	 * @throws IllegalStateException if any thread failed
	 */
	static double rate(String what, int threads, Duration length, long maxJobs, Opener opener)
			throws InterruptedException {
		AtomicLong jobs = new AtomicLong();
		AtomicLong deadline = new AtomicLong();
		AtomicLong ended = new AtomicLong(Long.MIN_VALUE);
		List<Throwable> failures = new ArrayList<>();
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(threads);
		for (int t = 0; t < threads; t++) {
			new Thread(() -> {
				boolean opened = false;
				try (Session session = opener.open()) {
					opened = true;
					ready.countDown();
					go.await();
					while (System.nanoTime() < deadline.get() && jobs.get() < maxJobs) {
						jobs.addAndGet(session.call());
					}
					ended.accumulateAndGet(System.nanoTime(), Math::max);
				}
				catch (Throwable ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
				finally {
					if (!opened) {
						ready.countDown();
					}
					done.countDown();
				}
			}, "bench-" + what.replace(' ', '-') + "-" + t).start();
		}
		ready.await();
		long started = System.nanoTime();
		deadline.set(started + length.toNanos());
		go.countDown();
		done.await();
		synchronized (failures) {
			if (!failures.isEmpty()) {
				throw new IllegalStateException(what + " failed: " + failures.get(0), failures.get(0));
			}
		}
		return jobs.get() / ((ended.get() - started) / 1e9);
	}

	/**
	 * Opens one thread's session.
	 */
	@FunctionalInterface
	interface Opener {

		Session open() throws Exception;

	}

	/**
	 * One thread's calls, and what it holds between them.
	 */
	@FunctionalInterface
	interface Session extends AutoCloseable {

		/**
		 * One call.
		 * @return how many jobs it stored
		 */
		int call() throws Exception;

		@Override
		default void close() throws Exception {
		}

	}

}
