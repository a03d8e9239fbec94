package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;

/**
 * Enqueue throughput through the dispatcher: one job per call from 1 and from 8 threads,
 * and {@code enqueueAll} in batches of 1,000. Each variant runs for a fixed time on an
 * empty table and counts the jobs stored.
 */
final class EnqueueBenchmark {

	static final String NAME = "enqueue";

	static final Duration LENGTH = Duration.ofSeconds(5);

	/**
	 * A variant ends after this many jobs even within its time, which bounds the heap of
	 * the memory store.
	 */
	static final int MAX_JOBS = 2_000_000;

	private final Options options;

	EnqueueBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws InterruptedException {
		Duration length = this.options.box(LENGTH);
		report.add(measure(target, "one per call, 1 thread", 1, 1, length).against(RawSqlBenchmark.INSERT_ONE_1));
		report.add(measure(target, "one per call, 8 threads", 8, 1, length).against(RawSqlBenchmark.INSERT_ONE_8));
		report.add(measure(target, "enqueueAll batch 1000", 1, Engine.INSERT_BATCH, length)
			.against(RawSqlBenchmark.INSERT_BATCH));
	}

	private Result measure(Target target, String variant, int threads, int batch, Duration length)
			throws InterruptedException {
		target.reset();
		JobDispatcher dispatcher = Engine.client(target.store(), new Workload(false, 0));
		List<JobRequest> requests = new ArrayList<>(batch);
		for (int i = 0; i < batch; i++) {
			requests.add(JobRequest.of(Probe.KIND, new Probe(0)));
		}
		AtomicLong enqueued = new AtomicLong();
		CountDownLatch done = new CountDownLatch(threads);
		long deadline = System.nanoTime() + length.toNanos();
		long started = System.nanoTime();
		List<Throwable> failures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread thread = new Thread(() -> {
				try {
					while (System.nanoTime() < deadline && enqueued.get() < MAX_JOBS) {
						if (batch == 1) {
							dispatcher.enqueue(requests.get(0));
						}
						else {
							dispatcher.enqueueAll(requests);
						}
						enqueued.addAndGet(batch);
					}
				}
				catch (Throwable ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
				finally {
					done.countDown();
				}
			}, "bench-enqueue-" + t);
			thread.start();
		}
		done.await();
		double seconds = (System.nanoTime() - started) / 1e9;
		if (!failures.isEmpty()) {
			throw new IllegalStateException("Enqueue failed on " + target.name() + ": " + failures.get(0),
					failures.get(0));
		}
		return Result.of(NAME, target.name(), variant, "jobs/s", enqueued.get() / seconds);
	}

}
