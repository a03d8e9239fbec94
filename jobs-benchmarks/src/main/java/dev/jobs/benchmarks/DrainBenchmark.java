package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.jobs.engine.Supervisor;

/**
 * Drain: a backlog of no-op jobs is inserted first, then one supervisor works it off with
 * one queue at concurrency 8, 32 and 128. Throughput runs from the first claim to the
 * write of the last outcome.
 */
final class DrainBenchmark {

	static final String NAME = "drain";

	private static final int WARM_UP_JOBS = 5_000;

	/** Drains per concurrency; the median is reported. */
	static final int ROUNDS = 3;

	/**
	 * The hand-written loops side by side that drains of 32 and more compare with too.
	 */
	static final int LOOPS = 8;

	static final String LOOPS_NAME = LOOPS + " loops, each claim " + RawSqlBenchmark.CLAIM_BATCH
			+ " + complete its batch, just before concurrency ";

	private final Options options;

	DrainBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		drain(target, WARM_UP_JOBS, 32);
		int jobs = this.options.jobs();
		RawSql sql = target.jdbc().map(RawSql::new).orElse(null);
		int rounds = this.options.quick() ? 1 : ROUNDS;
		for (int concurrency : this.options.concurrency()) {
			// The first drain at a concurrency is a warm-up: it pays for compiling the
			// paths that concurrency takes.
			drain(target, WARM_UP_JOBS, concurrency);
			List<Pair> pairs = new ArrayList<>();
			// Below the reference's claim size the engine claims fewer jobs at a time
			// than the reference: a hand-written loop claiming as many as the engine can
			// shows what of the gap is the engine's.
			boolean sameSize = sql != null && concurrency < RawSqlBenchmark.CLAIM_BATCH;
			boolean withLoops = sql != null && concurrency >= 32;
			for (int round = 0; round < rounds; round++) {
				// On a shared machine the database's speed drifts from minute to minute:
				// measure the reference right before each drain, and compare the pair.
				double reference = (sql != null) ? RawSqlBenchmark.pipelined(target, sql, jobs) : Double.NaN;
				double sameSizeReference = sameSize ? RawSqlBenchmark.pipelined(target, sql, jobs, true, concurrency)
						: Double.NaN;
				double loopsReference = withLoops ? RawSqlBenchmark.loops(target, sql, jobs, LOOPS) : Double.NaN;
				pairs.add(new Pair(reference, sameSizeReference, loopsReference, drain(target, jobs, concurrency)));
			}
			pairs.sort(Comparator.comparingDouble(Pair::ratio));
			Pair median = pairs.get(pairs.size() / 2);
			String referenceName = RawSqlBenchmark.BATCH_PIPELINED;
			String note = jobs + " jobs; " + median.drain.batching();
			if (sql != null) {
				referenceName = RawSqlBenchmark.BATCH_PIPELINED + ", just before concurrency " + concurrency;
				report.add(Result.of(Result.RAW_SQL, target.name(), referenceName, "jobs/s", median.reference));
				if (sameSize) {
					report.add(Result.of(Result.RAW_SQL, target.name(), sameSizeName(concurrency), "jobs/s",
							median.sameSizeReference));
					note = String.format(Locale.ROOT, "%.2f of the same loop claiming %d at a time; ",
							median.drain.throughput() / median.sameSizeReference, concurrency) + note;
				}
				if (withLoops) {
					report.add(Result.of(Result.RAW_SQL, target.name(), LOOPS_NAME + concurrency, "jobs/s",
							median.loopsReference));
					note = String.format(Locale.ROOT, "%.2f of %d loops side by side; ",
							median.drain.throughput() / median.loopsReference, LOOPS) + note;
				}
				if (rounds > 1) {
					note = "median of " + rounds + " pairs (ratios "
							+ pairs.stream()
								.map((pair) -> String.format(Locale.ROOT, "%.2f", pair.ratio()))
								.collect(Collectors.joining(", "))
							+ "); " + note;
				}
			}
			Result result = Result
				.of(NAME, target.name(), "concurrency " + concurrency, "jobs/s", median.drain.throughput())
				.note(note);
			long timedOut = pairs.stream().filter((pair) -> pair.drain.written() < jobs).count();
			if (timedOut > 0) {
				result = result.note(timedOut + " of " + rounds + " drains timed out before all " + jobs + " jobs");
			}
			report.add(result.against(referenceName));
		}
	}

	static String sameSizeName(int claimSize) {
		return "claim " + claimSize + " + complete up to " + RawSqlBenchmark.COMPLETE_BATCH
				+ ", 2 connections, just before concurrency " + claimSize;
	}

	/**
	 * A drain and the references measured just before it.
	 */
	private record Pair(double reference, double sameSizeReference, double loopsReference, Workload drain) {

		double ratio() {
			return Double.isNaN(this.reference) ? this.drain.throughput() : this.drain.throughput() / this.reference;
		}

	}

	/**
	 * Insert the backlog, then work it off.
	 * @param target the store
	 * @param jobs the backlog
	 * @param concurrency the queue's concurrency
	 * @return what was counted
	 */
	static Workload drain(Target target, int jobs, int concurrency) throws InterruptedException {
		target.reset();
		Engine.fill(target.store(), jobs);
		target.jdbc().ifPresent(JdbcTables::analyze);
		return drainFilled(target, jobs, concurrency);
	}

	/**
	 * The engine drains a backlog already in place.
	 * @param target the store, holding {@code jobs} available jobs
	 * @param jobs the backlog
	 * @param concurrency the queue's concurrency
	 * @return what was counted
	 */
	static Workload drainFilled(Target target, int jobs, int concurrency) throws InterruptedException {
		Workload workload = new Workload(false, 0);
		Supervisor supervisor = Engine.supervisor(target, workload, concurrency);
		long cpu = IdleCpuBenchmark.processCpuNanos();
		supervisor.start();
		try {
			workload.awaitWritten(jobs, Duration.ofSeconds(60).plusMillis(jobs * 5L));
			workload.cpuNanos(IdleCpuBenchmark.processCpuNanos() - cpu);
		}
		finally {
			supervisor.stop();
		}
		return workload;
	}

}
