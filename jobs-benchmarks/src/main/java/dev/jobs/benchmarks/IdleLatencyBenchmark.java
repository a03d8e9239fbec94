package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.JobNotifier;

/**
 * Idle latency: one job at a time while the workers are idle, from enqueue to the
 * handler's start. Enqueued once through the supervisor's own dispatcher (the producer is
 * woken in process) and once through another node's dispatcher, which reaches the
 * producer only through the store's notifier (LISTEN/NOTIFY on PostgreSQL) or its poll.
 */
final class IdleLatencyBenchmark {

	static final String NAME = "latency";

	static final int SAMPLES = 200;

	static final int POLLED_SAMPLES = 10;

	/**
	 * Quiet time between jobs, so each finds the workers idle and the producer asleep.
	 */
	static final Duration GAP = Duration.ofMillis(20);

	private final Options options;

	IdleLatencyBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws InterruptedException {
		measure(target, report, true);
		measure(target, report, false);
	}

	private void measure(Target target, Report report, boolean sameNode) throws InterruptedException {
		boolean polled = !sameNode && !target.store().notifier().map(JobNotifier::announces).orElse(false);
		// Without a notifier that reaches other nodes each job waits for the next poll
		// (a second by default): a few samples show that as well as many.
		int samples = polled ? POLLED_SAMPLES : (this.options.quick() ? SAMPLES / 4 : SAMPLES);
		target.reset();
		Workload workload = new Workload(true, samples);
		Supervisor supervisor = Engine.supervisor(target, workload, 8);
		supervisor.start();
		JobDispatcher dispatcher = sameNode ? supervisor.dispatcher() : Engine.client(target.store(), workload);
		Latencies enqueueCalls = new Latencies(samples);
		int missed = 0;
		try {
			LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
			for (int i = 0; i < samples; i++) {
				long enqueued = System.nanoTime();
				dispatcher.enqueue(JobRequest.of(Probe.KIND, new Probe(enqueued)));
				enqueueCalls.record(System.nanoTime() - enqueued);
				if (!workload.awaitWritten(i + 1 - missed, Duration.ofSeconds(5))) {
					missed++;
				}
				LockSupport.parkNanos(GAP.toNanos());
			}
		}
		finally {
			supervisor.stop();
		}
		String variant = sameNode ? "enqueued on the same node"
				: "enqueued on another node (" + (target.store().notifier().isPresent() ? "notifier" : "poll") + ")";
		String note = (missed > 0) ? missed + " of " + samples + " jobs not done within 5 s" : "";
		report.add(Result
			.of(NAME, target.name(), variant, "enqueue-to-start p50 ms", workload.toStart().percentileMillis(50))
			.note(note));
		report.add(Result
			.of(NAME, target.name(), variant, "enqueue-to-start p99 ms", workload.toStart().percentileMillis(99))
			.note(note));
		// The enqueue call includes the insert's commit; the rest of enqueue-to-start is
		// the wake-up (in process, or through the notifier) and the claim.
		report.add(Result.of(NAME, target.name(), variant, "enqueue call (insert + commit) p50 ms",
				enqueueCalls.percentileMillis(50)));
		report.add(Result
			.of(NAME, target.name(), variant, "enqueue-to-completed p50 ms", workload.toComplete().percentileMillis(50))
			.note(note));
	}

}
