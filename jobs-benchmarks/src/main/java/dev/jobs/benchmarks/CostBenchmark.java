package dev.jobs.benchmarks;

import java.sql.Connection;
import java.util.Locale;

import dev.jobs.benchmarks.RawSqlBenchmark.Session;
import dev.jobs.benchmarks.WalMeter.Written;

/**
 * What one job costs PostgreSQL, the figures that decide where one server saturates: the
 * WAL bytes and records, and the transactions, per job to insert it (in batches of 1,000)
 * and to run it (claim and complete, at concurrency 128), against the same for plain SQL
 * (a JDBC batch insert, and one loop claiming 100 and completing them). Read back from
 * the WAL with {@code pg_walinspect}, counting only the benchmark's tables, so other work
 * on the server does not count. PostgreSQL only; runs only when named.
 */
final class CostBenchmark {

	static final String NAME = "cost";

	static final int CONCURRENCY = 128;

	static final String METRIC = "WAL bytes per job";

	static final String RAW_INSERT = "insert batch 1000, WAL";

	static final String RAW_RUN = "claim 100 + complete, 1 loop, WAL";

	private final Options options;

	CostBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		JdbcTables tables = target.jdbc().filter(JdbcTables::postgres).orElse(null);
		if (tables == null) {
			return;
		}
		int jobs = this.options.jobs();
		WalMeter wal = WalMeter.open(tables);
		RawSql sql = new RawSql(tables);

		target.reset();
		String start = wal.position();
		String rawInsertServer;
		try (Connection connection = tables.batchConnection()) {
			BackendCpu insertCpu = BackendCpu.start(tables);
			insertRaw(connection, sql, jobs);
			rawInsertServer = serverCpu(insertCpu, jobs);
		}
		String inserted = wal.position();
		tables.analyze();
		String analyzed = wal.position();
		BackendCpu rawCpu = BackendCpu.start(tables);
		runRaw(tables, sql);
		String ran = wal.position();
		String rawServer = serverCpu(rawCpu, jobs);
		Written rawInsert = wal.between(start, inserted);
		Written rawRun = wal.between(analyzed, ran);
		report.add(Result.of(Result.RAW_SQL, target.name(), RAW_INSERT, METRIC, perJob(rawInsert, jobs))
			.note(rawInsert.perJob(jobs) + rawInsertServer));
		report.add(Result.of(Result.RAW_SQL, target.name(), RAW_RUN, METRIC, perJob(rawRun, jobs))
			.note(rawRun.perJob(jobs) + rawServer));

		target.reset();
		start = wal.position();
		BackendCpu insertCpu = BackendCpu.start(tables);
		Engine.fill(target.store(), jobs);
		String insertServer = serverCpu(insertCpu, jobs);
		inserted = wal.position();
		tables.analyze();
		analyzed = wal.position();
		BackendCpu cpu = BackendCpu.start(tables);
		Workload workload = DrainBenchmark.drainFilled(target, jobs, CONCURRENCY);
		ran = wal.position();
		String server = serverCpu(cpu, jobs);
		Written insert = wal.between(start, inserted);
		Written run = wal.between(analyzed, ran);
		report.add(Result.of(NAME, target.name(), "enqueueAll batch 1000", METRIC, perJob(insert, jobs))
			.against(RAW_INSERT)
			.note(insert.perJob(jobs) + insertServer + "; the ratio is WAL against plain SQL's: lower is better"));
		report.add(Result.of(NAME, target.name(), "drain, concurrency " + CONCURRENCY, METRIC, perJob(run, jobs))
			.against(RAW_RUN)
			.note(String.format(Locale.ROOT, "%s%s; %s; the ratio is WAL against plain SQL's: lower is better",
					run.perJob(jobs), server, workload.batching())));
	}

	private static String serverCpu(BackendCpu cpu, int jobs) throws Exception {
		return (cpu != null)
				? String.format(Locale.ROOT, "; %.0f µs of PostgreSQL's CPU per job", cpu.nanos() / 1000.0 / jobs) : "";
	}

	private static double perJob(Written written, int jobs) {
		return written.bytes() / (double) jobs;
	}

	private static void insertRaw(Connection connection, RawSql sql, int jobs) throws Exception {
		connection.setAutoCommit(false);
		for (int done = 0; done < jobs; done += Engine.INSERT_BATCH) {
			sql.insertBatch(connection, Math.min(Engine.INSERT_BATCH, jobs - done));
			connection.commit();
		}
	}

	private static void runRaw(JdbcTables tables, RawSql sql) throws Exception {
		try (Session session = Session.open(tables, true)) {
			long[] ids;
			while ((ids = sql.claim(session.connection(), RawSqlBenchmark.CLAIM_BATCH)).length > 0) {
				sql.complete(session.connection(), ids);
			}
		}
	}

}
