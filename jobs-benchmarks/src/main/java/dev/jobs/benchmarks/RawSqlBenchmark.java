package dev.jobs.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * The raw-SQL reference: what plain JDBC gets out of the same database, on the same
 * table, with no engine around it. Inserts are what a user would write by hand (a plain
 * insert per transaction, a JDBC batch); the drain uses the store's own statements. Store
 * figures are printed as a ratio to these.
 */
final class RawSqlBenchmark {

	static final String NAME = Result.RAW_SQL;

	static final String INSERT_ONE_1 = "plain insert, autocommit, 1 thread";

	static final String INSERT_ONE_8 = "plain insert, autocommit, 8 threads";

	static final String INSERT_ONE_32 = "plain insert, autocommit, 32 threads";

	static final String INSERT_ONE_COMMIT_32 = "plain insert, explicit commit, 32 threads";

	static final String INSERT_BATCH = "JDBC batch insert 1000, one transaction";

	static final String ONE_BY_ONE = "claim 1 + complete 1, 1 connection";

	static final String BATCH_SEQUENTIAL = "claim 100 + complete 100, 1 connection";

	static final String BATCH_PIPELINED = "claim 100 + complete up to 500, 2 connections";

	static final String BATCH_PIPELINED_ASYNC = BATCH_PIPELINED + ", synchronous_commit off (what-if)";

	/**
	 * The engine's completer and the reference write up to this many outcomes at once.
	 */
	static final int COMPLETE_BATCH = 500;

	static final int CLAIM_BATCH = 100;

	private final Options options;

	RawSqlBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		JdbcTables tables = target.jdbc().orElse(null);
		if (tables == null) {
			return;
		}
		RawSql sql = new RawSql(tables);
		Duration length = this.options.box(EnqueueBenchmark.LENGTH);
		// Warm the insert path before timing it.
		insertOne(target, sql, 1, false, EnqueueBenchmark.WARM_UP);
		report.add(Result.of(NAME, target.name(), INSERT_ONE_1, "jobs/s", insertOne(target, sql, 1, false, length)));
		report.add(Result.of(NAME, target.name(), INSERT_ONE_8, "jobs/s", insertOne(target, sql, 8, false, length)));
		report.add(Result.of(NAME, target.name(), INSERT_ONE_32, "jobs/s", insertOne(target, sql, 32, false, length)));
		report.add(Result.of(NAME, target.name(), INSERT_ONE_COMMIT_32, "jobs/s",
				insertOne(target, sql, 32, true, length)));
		report.add(Result.of(NAME, target.name(), INSERT_BATCH, "jobs/s", insertBatch(target, sql, length)));
		// Warm the claim and completion paths before timing them.
		sequential(target, sql, 5_000);
		int jobs = this.options.jobs();
		report.add(Result.of(NAME, target.name(), BATCH_SEQUENTIAL, "jobs/s", sequential(target, sql, jobs))
			.note(jobs + " jobs"));
		report.add(Result
			.of(NAME, target.name(), BATCH_PIPELINED, "jobs/s", pipelined(target, sql, jobs, true, CLAIM_BATCH))
			.note(jobs + " jobs"));
		if (tables.postgres()) {
			// What claims and completions would gain by not waiting for the flush of
			// their commits: a claim or an outcome lost in a crash only makes the job run
			// again, which at-least-once allows. Enqueue must stay synchronous.
			report.add(
					Result
						.of(NAME, target.name(), BATCH_PIPELINED_ASYNC, "jobs/s",
								pipelined(target, sql, jobs, false, CLAIM_BATCH))
						.note(jobs + " jobs"));
		}
		report.add(Result.of(NAME, target.name(), ONE_BY_ONE, "jobs/s", oneByOne(target, sql, length)));
	}

	/**
	 * One plain insert per transaction from pooled connections.
	 * @param explicitCommit whether each insert runs in a transaction that the thread
	 * opens and commits (auto-commit off), as an application's own transaction would,
	 * rather than in auto-commit mode
	 */
	static double insertOne(Target target, RawSql sql, int threads, boolean explicitCommit, Duration length)
			throws InterruptedException {
		target.reset();
		DataSource dataSource = target.jdbc().orElseThrow().dataSource();
		return Timed.rate("raw insert on " + target.name(), threads, length, Long.MAX_VALUE, () -> {
			Connection connection = dataSource.getConnection();
			connection.setAutoCommit(!explicitCommit);
			return new Timed.Session() {

				@Override
				public int call() throws SQLException {
					sql.insertOne(connection);
					if (explicitCommit) {
						connection.commit();
					}
					return 1;
				}

				@Override
				public void close() throws SQLException {
					try (connection) {
						connection.setAutoCommit(true);
					}
				}

			};
		});
	}

	/**
	 * One thread's JDBC batches of {@link Engine#INSERT_BATCH} rows, a transaction each.
	 */
	static double insertBatch(Target target, RawSql sql, Duration length) throws InterruptedException {
		target.reset();
		JdbcTables tables = target.jdbc().orElseThrow();
		return Timed.rate("raw batch insert on " + target.name(), 1, length, Long.MAX_VALUE, () -> {
			Connection connection = tables.batchConnection();
			connection.setAutoCommit(false);
			return new Timed.Session() {

				@Override
				public int call() throws SQLException {
					sql.insertBatch(connection, Engine.INSERT_BATCH);
					connection.commit();
					return Engine.INSERT_BATCH;
				}

				@Override
				public void close() throws SQLException {
					try (connection) {
						connection.setAutoCommit(true);
					}
				}

			};
		});
	}

	private double sequential(Target target, RawSql sql, int jobs) throws SQLException {
		prepare(target, jobs);
		try (Connection connection = target.jdbc().orElseThrow().dataSource().getConnection()) {
			connection.setAutoCommit(true);
			long started = System.nanoTime();
			long done = 0;
			long[] ids;
			while ((ids = sql.claim(connection, CLAIM_BATCH)).length > 0) {
				done += sql.complete(connection, ids);
			}
			return rate(done, started, jobs);
		}
	}

	/**
	 * The shape of the engine without the engine: one connection claims batches and hands
	 * their ids over; another writes whatever has queued up, up to 500 at once.
	 */
	static double pipelined(Target target, RawSql sql, int jobs) throws Exception {
		return pipelined(target, sql, jobs, true, CLAIM_BATCH);
	}

	/**
	 * The pipelined reference.
	 * @param flushWait whether commits wait for the WAL flush (PostgreSQL's
	 * {@code synchronous_commit}; the server's setting when true, off when false)
	 * @param claimSize jobs per claim
	 */
	/**
	 * Several hand-written loops side by side, each on its own connection claiming
	 * {@link #CLAIM_BATCH} jobs and completing its own batch before claiming again:
	 * claims in flight while others complete, which one claimer per queue never has.
	 * @param loops how many loops
	 * @return jobs/s
	 */
	static double loops(Target target, RawSql sql, int jobs, int loops) throws Exception {
		prepare(target, jobs);
		JdbcTables tables = target.jdbc().orElseThrow();
		AtomicLong done = new AtomicLong();
		List<Throwable> failures = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < loops; i++) {
			Thread loop = new Thread(() -> {
				try (Session session = Session.open(tables, true)) {
					Connection connection = session.connection();
					long[] ids;
					while ((ids = sql.claim(connection, CLAIM_BATCH)).length > 0) {
						done.addAndGet(sql.complete(connection, ids));
					}
				}
				catch (Throwable ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			}, "bench-raw-loop-" + i);
			threads.add(loop);
			loop.start();
		}
		for (Thread loop : threads) {
			loop.join();
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException("Raw loops failed on " + target.name(), failures.get(0));
		}
		return rate(done.get(), started, jobs);
	}

	static double pipelined(Target target, RawSql sql, int jobs, boolean flushWait, int claimSize) throws Exception {
		prepare(target, jobs);
		JdbcTables tables = target.jdbc().orElseThrow();
		BlockingQueue<Long> handedOver = new ArrayBlockingQueue<>(10_000);
		AtomicBoolean claiming = new AtomicBoolean(true);
		AtomicLong done = new AtomicLong();
		List<Throwable> failures = new ArrayList<>();
		long started = System.nanoTime();
		Thread completer = new Thread(() -> {
			try (Session session = Session.open(tables, flushWait)) {
				Connection connection = session.connection();
				List<Long> batch = new ArrayList<>(COMPLETE_BATCH);
				while (claiming.get() || !handedOver.isEmpty()) {
					Long first = handedOver.poll(10, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
					handedOver.drainTo(batch, COMPLETE_BATCH - 1);
					done.addAndGet(sql.complete(connection, batch.stream().mapToLong(Long::longValue).toArray()));
					batch.clear();
				}
			}
			catch (Throwable ex) {
				synchronized (failures) {
					failures.add(ex);
				}
			}
		}, "bench-raw-completer");
		completer.start();
		try (Session session = Session.open(tables, flushWait)) {
			Connection connection = session.connection();
			long[] ids;
			while ((ids = sql.claim(connection, claimSize)).length > 0) {
				for (long id : ids) {
					handedOver.put(id);
				}
			}
		}
		finally {
			claiming.set(false);
			completer.join();
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException("Raw completion failed on " + target.name(), failures.get(0));
		}
		return rate(done.get(), started, jobs);
	}

	private double oneByOne(Target target, RawSql sql, Duration length) throws SQLException {
		prepare(target, Math.min(this.options.jobs(), 50_000));
		try (Connection connection = target.jdbc().orElseThrow().dataSource().getConnection()) {
			connection.setAutoCommit(true);
			long started = System.nanoTime();
			long deadline = started + length.toNanos();
			long done = 0;
			long[] ids;
			while (System.nanoTime() < deadline && (ids = sql.claim(connection, 1)).length > 0) {
				done += sql.completeOne(connection, ids[0]);
			}
			return done / ((System.nanoTime() - started) / 1e9);
		}
	}

	/**
	 * A pooled connection in auto-commit mode. One that does not wait for flushes goes
	 * back to the pool with the server's setting restored, so the store never gets it.
	 */
	record Session(Connection connection, boolean flushWait) implements AutoCloseable {

		static Session open(JdbcTables tables, boolean flushWait) throws SQLException {
			Connection connection = tables.dataSource().getConnection();
			connection.setAutoCommit(true);
			if (!flushWait) {
				try (java.sql.Statement statement = connection.createStatement()) {
					statement.execute("SET synchronous_commit = off");
				}
			}
			return new Session(connection, flushWait);
		}

		@Override
		public void close() throws SQLException {
			try (Connection closing = this.connection) {
				if (!this.flushWait) {
					try (java.sql.Statement statement = closing.createStatement()) {
						statement.execute("RESET synchronous_commit");
					}
				}
			}
		}

	}

	private static void prepare(Target target, int jobs) {
		target.reset();
		Engine.fill(target.store(), jobs);
		target.jdbc().orElseThrow().analyze();
	}

	private static double rate(long done, long started, int expected) {
		if (done != expected) {
			throw new IllegalStateException("The raw-SQL reference completed " + done + " of " + expected + " jobs");
		}
		return done / ((System.nanoTime() - started) / 1e9);
	}

}
