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

	static final List<Integer> CONCURRENCY = List.of(8, 32, 128);

	private static final int WARM_UP_JOBS = 5_000;

	private final Options options;

	DrainBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws InterruptedException {
		drain(target, WARM_UP_JOBS, 32);
		int jobs = this.options.jobsFor(target.kind());
		for (int concurrency : CONCURRENCY) {
			Workload workload = drain(target, jobs, concurrency);
			Result result = Result
				.of(NAME, target.name(), "concurrency " + concurrency, "jobs/s", workload.throughput())
				.note(jobs + " jobs");
			if (workload.written() < jobs) {
				result = result.note("timed out after " + workload.written() + " of " + jobs + " jobs");
			}
			report.add(result.against(RawSqlBenchmark.BATCH_PIPELINED));
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
		supervisor.start();
		try {
			workload.awaitWritten(jobs, Duration.ofSeconds(60).plusMillis(jobs * 5L));
		}
		finally {
			supervisor.stop();
		}
		return workload;
	}

}
