package dev.jobs.benchmarks;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * The completers' backlog during a run, read every few milliseconds: when it reaches its
 * bound the workers wait to hand over outcomes, their slots do not free, and the producer
 * cannot claim, whatever the claims cost.
 */
final class BacklogSampler implements AutoCloseable {

	private static final long EVERY_NANOS = 5_000_000;

	private final IntSupplier backlog;

	private final int bound;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread thread;

	private int samples;

	private int nearBound;

	private int max;

	/**
	 * Start sampling.
	 * @param backlog the outcomes waiting to be written
	 * @param bound the most that may wait before workers do
	 */
	BacklogSampler(IntSupplier backlog, int bound) {
		this.backlog = backlog;
		this.bound = bound;
		this.thread = new Thread(this::sample, "bench-backlog-sampler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void sample() {
		while (this.running.get()) {
			int now = this.backlog.getAsInt();
			synchronized (this) {
				this.samples++;
				this.max = Math.max(this.max, now);
				if (now * 10L >= this.bound * 9L) {
					this.nearBound++;
				}
			}
			LockSupport.parkNanos(EVERY_NANOS);
		}
	}

	/**
	 * What the samples showed.
	 * @return such as
	 * {@code outcomes waiting to be written: at most 812 of 10000, within a
	 * tenth of the bound in 0.0% of 5 ms samples}
	 */
	synchronized String note() {
		double share = (this.samples == 0) ? 0 : 100.0 * this.nearBound / this.samples;
		return String.format(Locale.ROOT,
				"outcomes waiting to be written: at most %d of %d, within a tenth of the bound in %.1f%% of %d ms "
						+ "samples",
				this.max, this.bound, share, EVERY_NANOS / 1_000_000);
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.thread.join();
	}

}
