package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobs.Job;
import dev.jobs.store.Completion;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection's generic plan of the outcome write, made while the table was small, is
 * made again once the table has grown: a node analyzes the table after an outcome write
 * when it has more than doubled, on a thread of its own, unless another session analyzes
 * it.
 */
class PostgresTableStatisticsTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perTest();

	private JdbcJobStore store;

	private final AtomicLong nanos = new AtomicLong();

	@BeforeEach
	void createStore() {
		this.store = JdbcJobStore.builder(database.dataSource()).build();
	}

	@Test
	void aPlanMadeForASmallTableIsMadeAgainOnceAnOutcomeWriteSeesTheTableGrown() throws SQLException {
		addExecuting(20);
		try (Connection planned = database.openConnection(); Statement statement = planned.createStatement()) {
			prepareGenericWrite(statement);
			assertThat(explainWrite(statement)).contains("Seq Scan on jobs");
			addExecuting(50_000);
			assertThat(explainWrite(statement)).as("the plan made for 20 rows, kept").contains("Seq Scan on jobs");

			writeAnOutcome();

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(explainWrite(statement)).contains("Index Scan using jobs_pkey")
					.doesNotContain("Seq Scan"));
		}
	}

	@Test
	void aPlanMadeOnceTheTableIsSettledLooksRowsUpByKeyAndStillDoesAtFourTimesItsSize() throws SQLException {
		addExecutingUntil(TableStatistics.SETTLED_PAGES);
		try (Connection planned = database.openConnection(); Statement statement = planned.createStatement()) {
			statement.execute("ANALYZE jobs");
			prepareGenericWrite(statement);
			// The first run makes the plan; the connection keeps it while the table
			// grows, as no analyze follows.
			assertThat(explainWrite(statement)).contains("Index Scan using jobs_pkey").doesNotContain("Seq Scan");
			addExecutingUntil(4 * TableStatistics.SETTLED_PAGES);

			assertThat(explainWrite(statement)).contains("Index Scan using jobs_pkey").doesNotContain("Seq Scan");
		}
	}

	@Test
	void statisticsTakenAtTheSettledSizeAreNotRefreshedForGrowth() throws SQLException {
		TableStatistics statistics = new TableStatistics(tables(), this.nanos::get);
		try (Connection connection = database.openConnection()) {
			addExecutingUntil(TableStatistics.SETTLED_PAGES);
			assertThat(statistics.refreshIfGrown(connection)).isTrue();
			long settled = analyzedPages();
			assertThat(settled).isGreaterThanOrEqualTo(TableStatistics.SETTLED_PAGES);
			addExecutingUntil(3 * settled);
			tick();

			assertThat(statistics.refreshIfGrown(connection)).as("tripled, settled").isFalse();
			assertThat(analyzedPages()).isEqualTo(settled);
		}
	}

	@Test
	void theCheckRunsOffTheThreadThatAsksForIt() throws SQLException {
		List<Runnable> handedOver = new ArrayList<>();
		TableStatistics statistics = new TableStatistics(tables(), this.nanos::get, handedOver::add);
		addExecuting(5_000);

		statistics.refreshIfDue(new Jdbc(database.dataSource(), ConnectionProvider.DEFAULT));

		assertThat(analyzedPages()).as("nothing analyzed on the asking thread").isZero();
		assertThat(handedOver).hasSize(1);
		handedOver.get(0).run();
		assertThat(analyzedPages()).isPositive();
	}

	@Test
	void closedStatisticsTakeNoMoreChecks() throws InterruptedException {
		ExecutorService checker = Executors.newSingleThreadExecutor();
		new TableStatistics(tables(), this.nanos::get, checker).close();

		assertThat(checker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void anAnalyzeSkipsTheTableWhileAnotherRunsAndTheNextCheckAnalyzes() throws Exception {
		TableStatistics statistics = new TableStatistics(tables(), this.nanos::get);
		addExecuting(5_000);
		try (Connection blocker = database.openConnection();
				Statement statement = blocker.createStatement();
				Connection connection = database.openConnection()) {
			blocker.setAutoCommit(false);
			// The lock another session's ANALYZE or VACUUM holds.
			statement.execute("LOCK TABLE jobs IN SHARE UPDATE EXCLUSIVE MODE");
			CompletableFuture<Boolean> check = CompletableFuture
				.supplyAsync(() -> statistics.refreshIfGrown(connection));
			try {
				// An analyze that waited for the lock would not return until it is
				// released.
				assertThat(check.get(30, TimeUnit.SECONDS)).isFalse();
			}
			finally {
				blocker.commit();
			}

			tick();
			assertThat(statistics.refreshIfGrown(connection)).as("not given up").isTrue();
		}
		assertThat(analyzedPages()).isPositive();
	}

	@Test
	void analyzesAtEachDoublingAndChecksAtMostEverySecond() throws SQLException {
		TableStatistics statistics = new TableStatistics(tables(), this.nanos::get);
		try (Connection connection = database.openConnection()) {
			addExecuting(5_000);
			assertThat(statistics.refreshIfGrown(connection)).isTrue();
			addExecuting(5_000);
			assertThat(statistics.refreshIfGrown(connection)).as("checked a moment ago").isFalse();
			tick();
			assertThat(statistics.refreshIfGrown(connection)).as("grown, not doubled").isFalse();
			addExecuting(10_000);
			tick();
			assertThat(statistics.refreshIfGrown(connection)).isTrue();
			tick();
			assertThat(statistics.refreshIfGrown(connection)).as("statistics current").isFalse();
		}
		assertThat(analyzedPages()).isPositive();
	}

	@Test
	void aUserWhoCannotAnalyzeTheTableLeavesItToAutovacuumAndStopsTrying() throws SQLException {
		TableStatistics statistics = new TableStatistics(tables(), this.nanos::get);
		try (Connection connection = database.openConnection(); Statement statement = connection.createStatement()) {
			statement.execute("DO $$ BEGIN CREATE ROLE jobs_test_reader NOLOGIN; "
					+ "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
			statement.execute("GRANT USAGE ON SCHEMA " + database.schema() + " TO jobs_test_reader");
			statement.execute("GRANT SELECT ON jobs TO jobs_test_reader");
			addExecuting(5_000);
			statement.execute("SET ROLE jobs_test_reader");

			assertThat(statistics.refreshIfGrown(connection)).isFalse();
			tick();
			assertThat(statistics.refreshIfGrown(connection)).isFalse();
			statement.execute("RESET ROLE");
		}
		assertThat(analyzedPages()).as("never analyzed").isZero();
	}

	private void writeAnOutcome() {
		this.store.insert(new InsertParams(List.of(JobInsert.of("q", "work", "{}", Instant.now())), Instant.now()));
		Job claimed = this.store.fetch(new FetchParams("q", 1, "node", Instant.now())).get(0);
		assertThat(this.store.complete(List.of(Completion.completed(claimed, Instant.now())))).isOne();
	}

	private void tick() {
		this.nanos.addAndGet(TableStatistics.CHECK_INTERVAL.toNanos());
	}

	/**
	 * Prepare the outcome write with a generic plan, as a pooled connection has one after
	 * a few runs of the statement, made certain.
	 */
	private void prepareGenericWrite(Statement statement) throws SQLException {
		statement.execute("SET plan_cache_mode = force_generic_plan");
		statement.execute("PREPARE write_outcomes(bigint[], smallint[], boolean[], timestamptz[], timestamptz[], "
				+ "jsonb[], integer[], timestamptz[], jsonb[]) AS "
				+ numbered(new CompleteSql(tables(), false, new DependencySql(tables(), null))
					.postgresCompleteStatement()));
	}

	/** The statement with PREPARE's numbered parameters instead of JDBC's. */
	private static String numbered(String sql) {
		StringBuilder numbered = new StringBuilder();
		int parameter = 0;
		for (char c : sql.toCharArray()) {
			numbered.append((c == '?') ? "$" + (++parameter) : String.valueOf(c));
		}
		return numbered.toString();
	}

	private static String explainWrite(Statement statement) throws SQLException {
		StringBuilder plan = new StringBuilder();
		try (ResultSet rows = statement.executeQuery("EXPLAIN (COSTS OFF) EXECUTE write_outcomes('{1}', '{2}', "
				+ "'{false}', '{null}', ARRAY[now()], '{null}', '{1}', ARRAY[now()], '{null}')")) {
			while (rows.next()) {
				plan.append(rows.getString(1)).append('\n');
			}
		}
		return plan.toString();
	}

	private static void addExecuting(int count) throws SQLException {
		try (Connection connection = database.openConnection(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO jobs (queue, kind, args, state, max_attempts, inserted_at, scheduled_at, "
					+ "attempt, attempted_at, attempted_by) SELECT 'q', 'work', '{}', 1, 20, now(), now(), 1, now(), "
					+ "'node' FROM generate_series(1, " + count + ")");
		}
	}

	/** Executing jobs until the table holds at least so many pages. */
	private static void addExecutingUntil(long pages) throws SQLException {
		while (tablePages() < pages) {
			addExecuting(20_000);
		}
	}

	private static long tablePages() throws SQLException {
		try (Connection connection = database.openConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT pg_relation_size('" + database.schema()
						+ ".jobs') / current_setting('block_size')::bigint")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static long analyzedPages() throws SQLException {
		try (Connection connection = database.openConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT relpages FROM pg_class WHERE oid = '" + database.schema() + ".jobs'::regclass")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private Tables tables() {
		return Tables.of(Dialect.POSTGRESQL, this.store.schema(), this.store.tablePrefix());
	}

}
