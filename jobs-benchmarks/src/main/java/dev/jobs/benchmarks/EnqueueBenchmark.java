package dev.jobs.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.jdbc.ConnectionProvider;
import dev.jobs.jdbc.JdbcJobStore;
import org.jspecify.annotations.Nullable;

/**
 * Enqueue throughput through the dispatcher: one job per call from 1, 8 and 32 threads
 * (each call its own transaction), and {@code enqueueAll} in batches of 1,000. On a
 * database also one job per transaction of the caller's from 32 threads: each thread
 * opens a transaction, enqueues into it and commits, which shows whether concurrent
 * enqueuing transactions commit side by side or one after another. Each variant runs for
 * a fixed time on an empty table and counts the jobs stored; each is compared with the
 * raw-SQL insert of the same shape.
 */
final class EnqueueBenchmark {

	static final String NAME = "enqueue";

	static final Duration LENGTH = Duration.ofSeconds(5);

	/** Pairs of the {@code enqueueAll} row. */
	private static final int BATCH_PAIRS = 3;

	/**
	 * Untimed, before the first timed variant: compiles the insert path.
	 */
	static final Duration WARM_UP = Duration.ofSeconds(1);

	/**
	 * A variant ends after this many jobs, even with time left, so that the memory
	 * store's heap stays bounded.
	 */
	static final int MAX_JOBS = 2_000_000;

	static final String CALLER_TRANSACTION_32 = "one per caller's transaction, 32 threads";

	private final Options options;

	EnqueueBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws InterruptedException {
		Duration length = this.options.box(LENGTH);
		enqueue(target, 1, 1, WARM_UP);
		RawSql sql = target.jdbc().map(RawSql::new).orElse(null);
		for (int threads : new int[] { 1, 8, 32 }) {
			String variant = "one per call, " + threads + ((threads == 1) ? " thread" : " threads");
			String reference = (threads == 1) ? RawSqlBenchmark.INSERT_ONE_1
					: (threads == 8) ? RawSqlBenchmark.INSERT_ONE_8 : RawSqlBenchmark.INSERT_ONE_32;
			pair(target, report, reference, () -> RawSqlBenchmark.insertOne(target, sql, threads, false, length),
					(sql != null), () -> measure(target, variant, threads, 1, length));
		}
		// One batch of 1,000 rows takes a millisecond or two: five seconds of them swing
		// with
		// the machine's load more than the other rows, so this row is the median of
		// pairs.
		pairs(target, report, RawSqlBenchmark.INSERT_BATCH, () -> RawSqlBenchmark.insertBatch(target, sql, length),
				(sql != null), () -> measure(target, "enqueueAll batch 1000", 1, Engine.INSERT_BATCH, length),
				this.options.quick() ? 1 : BATCH_PAIRS);
		if (sql != null) {
			pair(target, report, RawSqlBenchmark.INSERT_ONE_COMMIT_32,
					() -> RawSqlBenchmark.insertOne(target, sql, 32, true, length), true,
					() -> Result.of(NAME, target.name(), CALLER_TRANSACTION_32, "jobs/s",
							inCallerTransactions(target, target.jdbc().get(), 32, length)));
		}
	}

	/**
	 * Measure the engine's variant against its raw-SQL reference measured just before it
	 * (the database's speed drifts from minute to minute on a shared machine); the memory
	 * store, which has none, against the reference of the {@code raw-sql} scenario.
	 */
	private static void pair(Target target, Report report, String reference, Measurement raw, boolean paired,
			EngineMeasurement engine) throws InterruptedException {
		if (!paired) {
			report.add(engine.measure().against(reference));
			return;
		}
		String pairedReference = reference + ", just before";
		report.add(Result.of(RawSqlBenchmark.NAME, target.name(), pairedReference, "jobs/s", raw.measure()));
		report.add(engine.measure().against(pairedReference));
	}

	/**
	 * {@link #pair} repeated: the pair whose ratio is the median is reported, with every
	 * ratio in its note.
	 */
	private static void pairs(Target target, Report report, String reference, Measurement raw, boolean paired,
			EngineMeasurement engine, int rounds) throws InterruptedException {
		if (!paired || rounds == 1) {
			pair(target, report, reference, raw, paired, engine);
			return;
		}
		double[] references = new double[rounds];
		Result[] results = new Result[rounds];
		double[] ratios = new double[rounds];
		for (int round = 0; round < rounds; round++) {
			references[round] = raw.measure();
			results[round] = engine.measure();
			ratios[round] = results[round].value() / references[round];
		}
		int median = Ratios.medianIndex(ratios);
		String pairedReference = reference + ", just before";
		report.add(Result.of(RawSqlBenchmark.NAME, target.name(), pairedReference, "jobs/s", references[median]));
		report.add(results[median].against(pairedReference)
			.note(String.format(Locale.ROOT, "median of %d pairs (ratios %s)", rounds, Ratios.format(ratios))));
	}

	@FunctionalInterface
	private interface Measurement {

		double measure() throws InterruptedException;

	}

	@FunctionalInterface
	private interface EngineMeasurement {

		Result measure() throws InterruptedException;

	}

	private static Result measure(Target target, String variant, int threads, int batch, Duration length)
			throws InterruptedException {
		return Result.of(NAME, target.name(), variant, "jobs/s", enqueue(target, threads, batch, length));
	}

	private static double enqueue(Target target, int threads, int batch, Duration length) throws InterruptedException {
		target.reset();
		JobDispatcher dispatcher = Engine.client(target.store(), new Workload(false, 0));
		List<JobRequest> requests = Collections.nCopies(batch, JobRequest.of(Probe.KIND, new Probe(0)));
		return Timed.rate("enqueue on " + target.name(), threads, length, MAX_JOBS, () -> () -> {
			if (batch == 1) {
				dispatcher.enqueue(requests.get(0));
			}
			else {
				dispatcher.enqueueAll(requests);
			}
			return batch;
		});
	}

	/**
	 * One enqueue per transaction that each thread opens (auto-commit off) and commits
	 * itself, through a store whose connection provider hands out the thread's open
	 * transaction, as a framework's transaction manager would.
	 */
	private static double inCallerTransactions(Target target, JdbcTables tables, int threads, Duration length)
			throws InterruptedException {
		target.reset();
		ThreadTransactions transactions = new ThreadTransactions();
		try (JdbcJobStore store = JdbcJobStore.builder(tables.dataSource())
			.schema(tables.schema())
			.tablePrefix(tables.prefix())
			.migrate(false)
			.connectionProvider(transactions)
			.build()) {
			JobDispatcher dispatcher = Engine.client(store, new Workload(false, 0));
			JobRequest request = JobRequest.of(Probe.KIND, new Probe(0));
			DataSource dataSource = tables.dataSource();
			return Timed.rate("enqueue in caller transactions on " + target.name(), threads, length, MAX_JOBS, () -> {
				Connection connection = dataSource.getConnection();
				connection.setAutoCommit(false);
				transactions.bind(connection);
				return new Timed.Session() {

					@Override
					public int call() throws SQLException {
						dispatcher.enqueue(request);
						connection.commit();
						return 1;
					}

					@Override
					public void close() throws SQLException {
						transactions.bind(null);
						try (connection) {
							connection.setAutoCommit(true);
						}
					}

				};
			});
		}
	}

	/**
	 * Hands the store the transaction that the calling thread has open, and leaves its
	 * commit and its connection to that thread.
	 */
	private static final class ThreadTransactions implements ConnectionProvider {

		private final ThreadLocal<@Nullable Connection> current = new ThreadLocal<>();

		void bind(@Nullable Connection connection) {
			this.current.set(connection);
		}

		@Override
		public Connection getConnection(DataSource dataSource) throws SQLException {
			Connection connection = this.current.get();
			if (connection == null) {
				throw new SQLException("No transaction open on thread " + Thread.currentThread().getName());
			}
			return connection;
		}

		@Override
		public void releaseConnection(Connection connection, DataSource dataSource) {
		}

		@Override
		public boolean isCallerTransaction(Connection connection, DataSource dataSource) {
			return true;
		}

	}

}
