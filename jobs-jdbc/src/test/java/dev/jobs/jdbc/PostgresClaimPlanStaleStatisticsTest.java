package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim's plan when the statistics were taken while the queue was empty (a steady
 * stream kept up with, then analyzed) and a backlog of 100,000 jobs built up since: the
 * claimed rows are still updated through the primary key. With a guard the claim index or
 * the state and queue index could serve, the cached plan read the whole backlog on every
 * claim, so claims slowed as the backlog grew and a stream the engine had kept up with
 * ran away.
 */
class PostgresClaimPlanStaleStatisticsTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void analyzeAnEmptyQueueThenBuildABacklog() throws SQLException {
		store = JdbcJobStore.builder(database.dataSource()).build();
		try (Connection connection = database.openConnection(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO jobs (queue, kind, args, state, priority, attempt, max_attempts, "
					+ "inserted_at, scheduled_at, attempted_at, attempted_by, finished_at) SELECT 'q', 'work', '{}', 2, "
					+ "0, 1, 20, now(), now(), now(), 'node-x', now() FROM generate_series(1, 20000) g");
			statement.execute("INSERT INTO jobs (queue, kind, args, state, max_attempts, inserted_at, scheduled_at) "
					+ "SELECT 'q', 'work', '{}', 0, 20, now(), now() FROM generate_series(1, 3) g");
			statement.execute("ANALYZE jobs");
			statement.execute("INSERT INTO jobs (queue, kind, args, state, max_attempts, inserted_at, scheduled_at) "
					+ "SELECT 'q', 'work', '{}', 0, 20, now(), now() + g * interval '1 microsecond' "
					+ "FROM generate_series(1, 100000) g");
		}
	}

	@Test
	void theCachedPlanUpdatesTheClaimedRowsByPrimaryKey() throws SQLException {
		String plan = explain("force_generic_plan");

		assertThat(plan).contains("Index Scan using jobs_claim_idx")
			.contains("Index Scan using jobs_pkey")
			.doesNotContain("jobs_state_queue_idx")
			.doesNotContain("BitmapAnd")
			.doesNotContain("Seq Scan");
	}

	@Test
	void aPlanForTheValuesAtHandUpdatesTheClaimedRowsByPrimaryKey() throws SQLException {
		String plan = explain("force_custom_plan");

		// The update's own scan is the plan's last node. (The inner select of such a
		// plan may still sort the whole backlog: see docs/jdbc.md.)
		assertThat(plan.substring(plan.lastIndexOf("->"))).contains("Index Scan using jobs_pkey");
	}

	/**
	 * EXPLAIN the claim as the driver runs it once prepared on the server: a named
	 * statement, whose plan is either cached (generic) or made for each execution's
	 * values (custom).
	 */
	private static String explain(String planCacheMode) throws SQLException {
		String sql = new ClaimSql(PostgresPlans.tables(store), false).postgresClaimStatement();
		StringBuilder numbered = new StringBuilder();
		int parameter = 0;
		for (char c : sql.toCharArray()) {
			if (c == '?') {
				numbered.append('$').append(++parameter);
			}
			else {
				numbered.append(c);
			}
		}
		StringBuilder plan = new StringBuilder();
		try (Connection connection = database.openConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
				statement.execute("PREPARE claim_plan (timestamptz, text, text, text, integer) AS " + numbered);
				try (ResultSet rows = statement
					.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE claim_plan (now(), 'node-1', 'q', 'q', 100)")) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
			}
			finally {
				connection.rollback();
			}
		}
		return plan.toString();
	}

}
