package dev.jobs.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.jobs.JobState;
import dev.jobs.store.JobFilter;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.StatsParams;

/**
 * What the dashboard's reads cost on a big table: a PostgreSQL jobs table of 1,000,000
 * rows in three queues (90% completed over the last six days, the rest discarded,
 * cancelled, available, scheduled and retryable), vacuumed and analyzed. Times the store
 * calls behind the overview (paused queues, figures per queue with counts stopping at
 * 1,000 (the dashboard's default), completions and failures per minute of the last hour,
 * nodes) and behind a page of the job list, and checks with EXPLAIN that no query of the
 * dashboard scans the jobs table. Runs only when named, on PostgreSQL.
 */
final class DashboardBenchmark {

	static final String NAME = "dashboard";

	static final int ROWS = 1_000_000;

	static final long COUNT_LIMIT = 1_000;

	private static final int WARM_UP = 10;

	private static final int TIMED = 50;

	private final Options options;

	DashboardBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) {
		JdbcTables tables = target.jdbc().filter(JdbcTables::postgres).orElse(null);
		if (tables == null) {
			report.add(Result.of(NAME, target.name(), "skipped", "-", Double.NaN)
				.note("the dashboard scenario runs on PostgreSQL only (--store postgres)"));
			return;
		}
		target.reset();
		int rows = this.options.quick() ? ROWS / 10 : ROWS;
		fill(tables, rows);
		JobStore store = target.store();
		Instant now = Instant.now();
		store.heartbeat("node-a", now);
		int timed = this.options.quick() ? TIMED / 5 : TIMED;
		Supplier<Object> overview = () -> {
			Instant at = Instant.now();
			store.pausedQueues();
			store.stats(new StatsParams(at.minus(Duration.ofMinutes(1)), COUNT_LIMIT));
			store.throughput(at.minus(Duration.ofHours(1)), null);
			return store.nodes(at);
		};
		String size = String.format("%,d rows", rows);
		report.add(time(overview, timed, NAME, target.name(), "overview, " + size, "< 50 ms"));
		JobFilter discarded = JobFilter.ALL.withStates(Set.of(JobState.DISCARDED));
		report.add(time(() -> store.list(new ListParams(discarded.withQueue("default"), null, 50)), timed, NAME,
				target.name(), "page of 50: discarded in one queue", "< 100 ms"));
		report.add(time(() -> store.list(new ListParams(discarded, null, 50)), timed, NAME, target.name(),
				"page of 50: discarded", "< 100 ms"));
		report.add(time(() -> store.list(new ListParams(discarded.withKind("kind_1"), null, 50)), timed, NAME,
				target.name(), "page of 50: discarded of one kind", "< 100 ms"));
		// No discarded job has kind_3: the worst case, a walk of the whole table.
		report.add(time(() -> store.list(new ListParams(discarded.withKind("kind_3"), null, 50)), 3, NAME,
				target.name(), "page of 50: discarded of a kind that has none", "none: walks every row"));
		report.add(time(() -> store.list(new ListParams(JobFilter.ALL, (long) rows / 2, 50)), timed, NAME,
				target.name(), "page of 50: every job, half-way down", "< 100 ms"));
		report.add(time(() -> store.count(discarded, COUNT_LIMIT), timed, NAME, target.name(),
				"count of discarded (limit 1,000)", ""));
		report.add(Result.of(NAME, target.name(), "EXPLAIN of the dashboard's queries", "sequential scans of jobs",
				explain(tables)));
	}

	private static Result time(Supplier<Object> read, int timed, String name, String store, String variant,
			String goal) {
		for (int i = 0; i < Math.min(WARM_UP, timed); i++) {
			read.get();
		}
		Latencies latencies = new Latencies(timed);
		for (int i = 0; i < timed; i++) {
			long started = System.nanoTime();
			read.get();
			latencies.record(System.nanoTime() - started);
		}
		return Result.of(name, store, variant, "ms p50", latencies.percentileMillis(50))
			.note(String.format("p95 %.2f ms%s", latencies.percentileMillis(95),
					goal.isEmpty() ? "" : "; goal " + goal));
	}

	/**
	 * One INSERT ... SELECT from generate_series, then VACUUM ANALYZE, as autovacuum
	 * would have left a table this old.
	 */
	private static void fill(JdbcTables tables, int rows) {
		System.err.println("filling " + rows + " jobs");
		String state = "CASE WHEN i % 100 < 90 THEN 2 WHEN i % 100 < 93 THEN 4 WHEN i % 100 < 95 THEN 5 "
				+ "WHEN i % 100 < 98 THEN 0 WHEN i % 100 = 98 THEN 6 ELSE 3 END";
		String inserted = "now() - (" + rows + " - i) * interval '500 milliseconds'";
		tables.execute("INSERT INTO " + tables.jobs() + " (queue, kind, args, state, attempt, max_attempts, "
				+ "inserted_at, scheduled_at, attempted_at, attempted_by, finished_at, errors) SELECT "
				+ "(ARRAY['default', 'emails', 'reports'])[i % 3 + 1], 'kind_' || (i % 5), "
				+ "jsonb_build_object('customer', 'customer-' || i, 'amount', i % 1000), s.state, "
				+ "CASE WHEN s.state IN (0, 6) THEN 0 ELSE 1 END, 20, " + inserted + ", CASE WHEN s.state = 6 THEN "
				+ "now() + interval '1 day' ELSE " + inserted + " END, CASE WHEN s.state IN (0, 6) THEN NULL ELSE "
				+ inserted + " END, CASE WHEN s.state IN (0, 6) THEN NULL ELSE 'node-a' END, "
				+ "CASE WHEN s.state IN (2, 4, 5) THEN " + inserted + " + interval '1 second' END, "
				+ "CASE WHEN s.state IN (3, 4) THEN jsonb_build_array(jsonb_build_object('attempt', 1, 'at', "
				+ "now(), 'error', 'java.lang.IllegalStateException: declined ' || i)) ELSE '[]' END "
				+ "FROM generate_series(1, " + rows + ") AS i, LATERAL (SELECT " + state + " AS state) s");
		tables.execute("VACUUM ANALYZE " + tables.jobs());
	}

	/**
	 * The dashboard's queries as the store sends them, with values in place: how many of
	 * their plans read the jobs table sequentially (0 is the goal). Plans that do are
	 * printed.
	 */
	private static double explain(JdbcTables tables) {
		String jobs = tables.jobs();
		List<String> queries = new ArrayList<>(List.of("WITH RECURSIVE pairs AS ((SELECT state, queue FROM " + jobs
				+ " WHERE state <> 1 ORDER BY state, queue LIMIT 1) UNION ALL SELECT n.state, n.queue FROM pairs p "
				+ "CROSS JOIN LATERAL (SELECT state, queue FROM " + jobs + " WHERE state <> 1 AND (state, queue) > "
				+ "(p.state, p.queue) ORDER BY state, queue LIMIT 1) n) SELECT p.state, p.queue, (SELECT count(*) "
				+ "FROM (SELECT 1 FROM " + jobs + " x WHERE x.state <> 1 AND x.state = p.state AND x.queue = p.queue "
				+ "ORDER BY x.id LIMIT 1000) c) AS jobs FROM pairs p UNION ALL SELECT state, queue, "
				+ "least(count(*), 1000) FROM " + jobs + " WHERE state = 1 GROUP BY state, queue",
				"SELECT min(queue) FROM " + jobs + " WHERE state = 2",
				"SELECT min(queue) FROM " + jobs + " WHERE state = 2 AND queue > 'default'",
				"SELECT count(*) FROM (SELECT 1 AS one FROM " + jobs
						+ " WHERE state = 2 AND queue = 'default' FETCH FIRST 1000 ROWS ONLY) limited",
				"SELECT max(priority) FROM " + jobs + " WHERE state = 0 AND queue = 'default' AND priority < 5",
				"SELECT min(scheduled_at) FROM " + jobs + " WHERE state = 0 AND queue = 'default' AND priority = 0",
				"SELECT queue, date_trunc('minute', finished_at) AS at_minute, count(*) FROM " + jobs
						+ " WHERE state IN (2, 4) AND finished_at >= now() - interval '1 hour' "
						+ "GROUP BY queue, date_trunc('minute', finished_at)",
				"SELECT queue, date_trunc('minute', attempted_at), count(*) FROM " + jobs
						+ " WHERE state = 3 AND attempted_at >= now() - interval '1 hour' "
						+ "GROUP BY queue, date_trunc('minute', attempted_at)",
				"SELECT attempted_by, queue, count(*) AS jobs FROM " + jobs + " WHERE state = 1 "
						+ "GROUP BY attempted_by, queue",
				"SELECT * FROM " + jobs + " WHERE 1 = 1 AND state IN (4) AND queue = 'default' ORDER BY id DESC "
						+ "FETCH FIRST 50 ROWS ONLY",
				"SELECT * FROM " + jobs + " WHERE 1 = 1 AND state IN (4) ORDER BY id DESC FETCH FIRST 50 ROWS ONLY",
				"SELECT * FROM " + jobs + " WHERE 1 = 1 AND id < 500000 ORDER BY id DESC FETCH FIRST 50 ROWS ONLY",
				"SELECT count(*) FROM (SELECT 1 AS one FROM " + jobs
						+ " WHERE 1 = 1 AND state IN (4) FETCH FIRST 1000 ROWS ONLY) limited"));
		int scans = 0;
		try (Connection connection = tables.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			for (String query : queries) {
				StringBuilder plan = new StringBuilder();
				try (ResultSet rows = statement.executeQuery("EXPLAIN " + query)) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
				if (plan.toString().contains("Seq Scan")) {
					scans++;
					System.err.println("SEQUENTIAL SCAN in the plan of " + query + "\n" + plan);
				}
				else {
					System.err.println("index-answered: " + query + "\n" + plan);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not EXPLAIN the dashboard's queries: " + ex.getMessage(), ex);
		}
		return scans;
	}

}
