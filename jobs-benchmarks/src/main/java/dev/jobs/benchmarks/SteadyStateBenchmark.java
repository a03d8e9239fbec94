package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.engine.Supervisor;

/**
 * Steady state: jobs enqueued at a fixed rate while one supervisor works them, with the
 * latency from enqueue to start and from enqueue to the written outcome; then a short
 * ramp that looks for the highest rate at which the backlog stays flat.
 */
final class SteadyStateBenchmark {

	static final String NAME = "steady";

	static final int CONCURRENCY = 32;

	static final Duration STEP = Duration.ofSeconds(3);

	static final int FIRST_RAMP_RATE = 1_000;

	static final int MAX_RAMP_RATE = 1_024_000;

	/**
	 * Share of the arrivals that must be worked off while a step runs for the step to
	 * count as flat.
	 */
	static final double KEPT_UP = 0.95;

	private static final int MAX_BATCH = 5_000;

	private final Options options;

	SteadyStateBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws InterruptedException {
		fixedRate(target, report);
		ramp(target, report);
	}

	private void fixedRate(Target target, Report report) throws InterruptedException {
		int rate = this.options.rate();
		target.reset();
		Workload workload = new Workload(true, (int) Math.min(20_000_000L, rate * this.options.duration().toSeconds()));
		Supervisor supervisor = Engine.supervisor(target, workload, CONCURRENCY);
		supervisor.start();
		Generated generated;
		try {
			generated = generate(supervisor.dispatcher(), rate, this.options.duration(), null);
			workload.awaitWritten(generated.sent(), Duration.ofSeconds(60));
		}
		finally {
			supervisor.stop();
		}
		String variant = rate + " jobs/s for " + this.options.duration().toSeconds() + " s";
		String note = (generated.rate() < rate * KEPT_UP) ? "enqueue could not keep the rate" : "";
		report.add(Result.of(NAME, target.name(), variant, "enqueued jobs/s", generated.rate()).note(note));
		for (double percent : new double[] { 50, 95, 99 }) {
			report.add(Result.of(NAME, target.name(), variant, "enqueue-to-start p" + (int) percent + " ms",
					workload.toStart().percentileMillis(percent)));
		}
		for (double percent : new double[] { 50, 95, 99 }) {
			report.add(Result.of(NAME, target.name(), variant, "enqueue-to-completed p" + (int) percent + " ms",
					workload.toComplete().percentileMillis(percent)));
		}
	}

	/**
	 * Double the rate while the backlog stays flat, then halve the gap twice.
	 */
	private void ramp(Target target, Report report) throws InterruptedException {
		Duration step = this.options.quick() ? STEP.dividedBy(3) : STEP;
		int flat = 0;
		int failed = 0;
		String limit = "";
		for (int rate = FIRST_RAMP_RATE; rate <= MAX_RAMP_RATE; rate *= 2) {
			Step result = step(target, rate, step);
			if (result.generatorLimited()) {
				limit = "enqueue side could not offer " + rate + " jobs/s; the engine kept up with all it got";
				break;
			}
			if (!result.flat()) {
				failed = rate;
				break;
			}
			flat = rate;
		}
		for (int i = 0; i < 2 && failed > 0 && flat > 0; i++) {
			int middle = (flat + failed) / 2;
			Step result = step(target, middle, step);
			if (result.flat() && !result.generatorLimited()) {
				flat = middle;
			}
			else {
				failed = middle;
			}
		}
		report.add(Result
			.of(NAME, target.name(), "ramp, " + step.toMillis() / 1000.0 + " s steps", "highest flat rate jobs/s", flat)
			.note(limit.isEmpty() ? ((failed > 0) ? "backlog grew at " + failed + " jobs/s" : "") : limit)
			.against(RawSqlBenchmark.BATCH_PIPELINED));
	}

	private Step step(Target target, int rate, Duration length) throws InterruptedException {
		target.reset();
		Workload workload = new Workload(false, 0);
		Supervisor supervisor = Engine.supervisor(target, workload, CONCURRENCY);
		supervisor.start();
		try {
			long[] atThird = new long[2];
			Generated generated = generate(supervisor.dispatcher(), rate, length, (sent) -> {
				atThird[0] = sent;
				atThird[1] = workload.written();
			});
			long arrived = generated.sent() - atThird[0];
			long worked = workload.written() - atThird[1];
			long backlog = generated.sent() - workload.written();
			boolean flat = worked >= arrived * KEPT_UP && backlog <= rate;
			System.err.printf("    ramp %s %d jobs/s: offered %.0f/s, backlog %d, %s%n", target.name(), rate,
					generated.rate(), backlog, flat ? "flat" : "growing");
			return new Step(flat, generated.rate() < rate * KEPT_UP);
		}
		finally {
			supervisor.stop();
		}
	}

	/**
	 * Enqueue {@link Probe}s at a rate, in batches of whatever fell due since the last
	 * call, each stamped with its enqueue time.
	 * @param dispatcher where to enqueue
	 * @param rate jobs per second
	 * @param length how long
	 * @param atThird told the count sent a third of the way in, or {@code null}
	 * @return what was sent
	 */
	static Generated generate(JobDispatcher dispatcher, int rate, Duration length,
			java.util.function.LongConsumer atThird) {
		long start = System.nanoTime();
		long end = start + length.toNanos();
		long third = start + length.toNanos() / 3;
		boolean thirdTold = (atThird == null);
		long sent = 0;
		long now;
		while ((now = System.nanoTime()) < end) {
			if (!thirdTold && now >= third) {
				atThird.accept(sent);
				thirdTold = true;
			}
			long due = (long) ((now - start) / 1e9 * rate) - sent;
			if (due <= 0) {
				LockSupport.parkNanos(500_000);
				continue;
			}
			int size = (int) Math.min(due, MAX_BATCH);
			List<JobRequest> batch = new ArrayList<>(size);
			long stamp = System.nanoTime();
			for (int i = 0; i < size; i++) {
				batch.add(JobRequest.of(Probe.KIND, new Probe(stamp)));
			}
			if (size == 1) {
				dispatcher.enqueue(batch.get(0));
			}
			else {
				dispatcher.enqueueAll(batch);
			}
			sent += size;
		}
		return new Generated(sent, sent / ((System.nanoTime() - start) / 1e9));
	}

	record Generated(long sent, double rate) {
	}

	private record Step(boolean flat, boolean generatorLimited) {
	}

}
