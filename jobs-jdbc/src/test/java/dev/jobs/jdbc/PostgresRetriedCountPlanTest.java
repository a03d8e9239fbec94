package dev.jobs.jdbc;

import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's failures by minute count the retryable jobs attempted in the last hour:
 * on a table that has run for a while (most jobs completed, one in a hundred waiting for
 * a retry, attempted over the last 14 hours), they read only the last hour's, through the
 * retryable index of schema version 7. Before it, each count read every retryable job
 * (and every scheduled one) through the staging index: 20,000 rows for 73 on the
 * dashboard benchmark's table of a million.
 */
class PostgresRetriedCountPlanTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void aTableThatRanFor14Hours() throws SQLException {
		store = JdbcJobStore.builder(database.dataSource()).build();
		String at = "now() - (100000 - i) * interval '500 milliseconds'";
		PostgresPlans.withStaleStatistics(database,
				"INSERT INTO jobs (queue, kind, args, state, attempt, max_attempts, inserted_at, scheduled_at, "
						+ "attempted_at, finished_at) SELECT 'q', 'work', '{}', s.state, 1, 20, " + at + ", " + at
						+ ", " + at + ", CASE WHEN s.state = 2 THEN " + at + " END FROM generate_series(1, 100000) i, "
						+ "LATERAL (SELECT CASE WHEN i % 100 = 99 THEN 3 WHEN i % 100 = 98 THEN 6 ELSE 2 END AS state) s",
				"ANALYZE jobs");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theCountReadsOnlyTheLastHoursRetryableJobs(String planCacheMode) throws SQLException {
		String sql = new QueueFiguresSql(PostgresPlans.tables(store)).retriedSinceStatement();
		String plan = PostgresPlans.explain(database, planCacheMode, sql,
				(connection, statement) -> statement.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)));

		assertThat(plan).contains("jobs_retryable_idx").doesNotContain("Rows Removed");
	}

}
