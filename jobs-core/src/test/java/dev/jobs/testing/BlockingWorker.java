package dev.jobs.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.jobs.JobContext;
import dev.jobs.JobWorker;

/**
 * A worker whose job blocks until its thread is interrupted, as a cancel or a timeout
 * does, and that tells when it started and when it was interrupted.
 */
public final class BlockingWorker implements JobWorker<Object> {

	private final CountDownLatch started = new CountDownLatch(1);

	private final CountDownLatch interrupted = new CountDownLatch(1);

	@Override
	public void work(Object args, JobContext context) throws InterruptedException {
		this.started.countDown();
		try {
			new CountDownLatch(1).await();
		}
		catch (InterruptedException ex) {
			this.interrupted.countDown();
			throw ex;
		}
	}

	/**
	 * Wait for a job to start.
	 * @param timeout the longest wait
	 * @return whether one started in time
	 * @throws InterruptedException if the wait is interrupted
	 */
	public boolean awaitStarted(Duration timeout) throws InterruptedException {
		return this.started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Wait for a running job to be interrupted.
	 * @param timeout the longest wait
	 * @return whether one was in time
	 * @throws InterruptedException if the wait is interrupted
	 */
	public boolean awaitInterrupted(Duration timeout) throws InterruptedException {
		return this.interrupted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
