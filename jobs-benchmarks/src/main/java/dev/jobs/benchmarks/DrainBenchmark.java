package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.List;

import dev.jobs.engine.Supervisor;

/**
 * Drain: a backlog of no-op jobs is inserted first, then one supervisor works it off with
 * one queue at concurrency 8, 32 and 128. Throughput runs from the first claim to the
 * write of the last outcome.
 */
final class DrainBenchmark {

	static final String NAME = "drain";

	private static final int WARM_UP_JOBS = 5_000;

	private final Options options;

	DrainBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		drain(target, WARM_UP_JOBS, 32);
		int jobs = this.options.jobsFor(target.kind());
		RawSql sql = target.jdbc().map(RawSql::new).orElse(null);
		for (int concurrency : this.options.concurrency()) {
			for (int round = 0; round < 3; round++) {
				String reference = RawSqlBenchmark.BATCH_PIPELINED;
				if (sql != null) {
					// On a shared machine the database's speed drifts from minute to
					// minute:
					// measure the reference right before each drain, and compare the
					// pair.
					reference = RawSqlBenchmark.BATCH_PIPELINED + ", just before concurrency " + concurrency;
					report.add(Result.of(Result.RAW_SQL, target.name(), reference, "jobs/s",
							RawSqlBenchmark.pipelined(target, sql, jobs)));
				}
				Workload workload = drain(target, jobs, concurrency);
				Result result = Result
					.of(NAME, target.name(), "concurrency " + concurrency, "jobs/s", workload.throughput())
					.note(jobs + " jobs; " + workload.batching());
				if (workload.written() < jobs) {
					result = result.note("timed out after " + workload.written() + " of " + jobs + " jobs");
				}
				report.add(result.against(reference));
			}
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
