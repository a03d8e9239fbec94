package dev.jobs.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.engine.Supervisor;
import dev.jobs.retry.RetryPolicy;

/**
 * How late jobs start after they fall due, with free slots: jobs enqueued to run
 * {@link #DELAY} later, and jobs whose first attempt fails and whose retry is due
 * {@link #DELAY} later (a constant backoff). Lateness is the handler's start minus the
 * job's due time, on the same clock. With the default settings of the engine (a stager
 * interval of a second), a stager that only ticked would start them up to a second late.
 */
final class DueLatencyBenchmark {

	static final String NAME = "due-latency";

	static final int SAMPLES = 50;

	static final Duration DELAY = Duration.ofMillis(300);

	/** Between enqueues, so that due times spread over the stager's interval. */
	private static final Duration GAP = Duration.ofMillis(37);

	private final Options options;

	DueLatencyBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws InterruptedException {
		int samples = this.options.quick() ? SAMPLES / 5 : SAMPLES;
		target.reset();
		Latencies scheduled = new Latencies(samples);
		Latencies retried = new Latencies(samples);
		CountDownLatch done = new CountDownLatch(2 * samples);
		HandlerRegistry handlers = new HandlerRegistry().register("due", Map.class, (args, context) -> {
			scheduled.record(lateness(context.job()));
			done.countDown();
		}).register(HandlerDefinition.of("retry", Map.class, (args, context) -> {
			if (context.job().attempt() == 1) {
				throw new IllegalStateException("The first attempt fails, so that the retry is measured");
			}
			retried.record(lateness(context.job()));
			done.countDown();
		}).retryPolicy(RetryPolicy.constant(DELAY)));
		Supervisor supervisor = Supervisor.builder(target.store())
			.handlers(handlers)
			.queue(Probe.QUEUE, 8)
			.nodeId("bench-due")
			.build();
		supervisor.start();
		try {
			// The first election and claim are behind us before the first sample.
			LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
			JobDispatcher jobs = supervisor.dispatcher();
			for (int i = 0; i < samples; i++) {
				jobs.enqueue(JobRequest.of("due", Map.of()).queue(Probe.QUEUE).delay(DELAY));
				jobs.enqueue(JobRequest.of("retry", Map.of()).queue(Probe.QUEUE));
				LockSupport.parkNanos(GAP.toNanos());
			}
			done.await(60, TimeUnit.SECONDS);
		}
		finally {
			supervisor.stop();
		}
		String note = (done.getCount() > 0) ? done.getCount() + " of " + 2 * samples + " jobs did not start in 60 s"
				: samples + " jobs each";
		report.add(
				Result
					.of(NAME, target.name(), "scheduled " + DELAY.toMillis() + " ms ahead", "lateness p50 ms",
							scheduled.percentileMillis(50))
					.note(note));
		report.add(
				Result
					.of(NAME, target.name(), "scheduled " + DELAY.toMillis() + " ms ahead", "lateness p99 ms",
							scheduled.percentileMillis(99))
					.note(note));
		report.add(
				Result
					.of(NAME, target.name(), "retry after " + DELAY.toMillis() + " ms (constant backoff)",
							"lateness p50 ms", retried.percentileMillis(50))
					.note(note));
		report.add(
				Result
					.of(NAME, target.name(), "retry after " + DELAY.toMillis() + " ms (constant backoff)",
							"lateness p99 ms", retried.percentileMillis(99))
					.note(note));
	}

	private static long lateness(Job job) {
		return Math.max(0, Duration.between(job.scheduledAt(), Instant.now()).toNanos());
	}

}
