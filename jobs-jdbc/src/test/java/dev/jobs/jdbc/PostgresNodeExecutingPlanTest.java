package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import dev.jobs.JobState;
import dev.jobs.jdbc.JobFilterSql.Where;
import dev.jobs.store.StatsParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's look at its own executing jobs (the heartbeat's cancel requests, the orphan
 * check's candidates), on statistics taken while every job was available and then eight
 * nodes ran 4,000 of them: the rescue index answers, with the node's 500 rows. The
 * dashboard's {@code (state, queue, id)} index looked cheaper on such statistics, and
 * each look read every executing job of the cluster; since schema version 6 it holds no
 * executing job, and the dashboard's figures count those from the rescue index.
 */
class PostgresNodeExecutingPlanTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void analyzeAvailableJobsThenRunThemOnEightNodes() throws SQLException {
		store = JdbcJobStore.builder(database.dataSource()).build();
		try (Connection connection = database.openConnection(); Statement statement = connection.createStatement()) {
			// Statistics kept stale: autovacuum's analyze would make them current.
			statement.execute("ALTER TABLE jobs SET (autovacuum_enabled = off)");
			statement.execute("INSERT INTO jobs (queue, kind, args, state, max_attempts, inserted_at, scheduled_at) "
					+ "SELECT 'q' || (g % 2), 'work', '{}', 0, 20, now(), now() FROM generate_series(1, 100000) g");
			statement.execute("ANALYZE jobs");
			statement.execute("UPDATE jobs SET state = 1, attempt = 1, attempted_at = now(), "
					+ "attempted_by = 'node-' || (id % 8) WHERE id <= 4000");
			statement.execute("UPDATE jobs SET state = 2, finished_at = now() WHERE id > 4000 AND id <= 40000");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theLookForCancelRequestsReadsTheRescueIndex(String planCacheMode) throws SQLException {
		String plan = explain(planCacheMode, new ClusterSql(tables()).cancelRequestedStatement(), List.of("node-3"));

		assertThat(plan).contains("Index Scan using jobs_rescue_idx").doesNotContain("jobs_state_queue_idx");
		assertThat(plan).contains("Rows Removed by Filter: 500");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theOrphanChecksCandidatesAreReadThroughTheRescueIndex(String planCacheMode) throws SQLException {
		String plan = explain(planCacheMode, new ClusterSql(tables()).executingIdsStatement(),
				List.of("node-3", Instant.now().plusSeconds(60)));

		assertThat(plan).contains("Index Scan using jobs_rescue_idx").doesNotContain("jobs_state_queue_idx");
		assertThat(plan).contains("(actual rows=500 ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theQueueFiguresReadIndexesOnly(String planCacheMode) throws SQLException {
		String plan = explain(planCacheMode, new QueueFiguresSql(tables()).pairCountsStatement(),
				List.of(1000L, 1000L));

		assertThat(plan).contains("jobs_state_queue_idx").contains("jobs_rescue_idx").doesNotContain("Seq Scan");
	}

	@Test
	void theQueueFiguresCountExecutingJobsFromTheRescueIndex() {
		assertThat(store.stats(new StatsParams(Instant.now().minusSeconds(60), 100_000))).hasSize(2)
			.allSatisfy((queue) -> assertThat(queue.counts()).containsEntry(JobState.EXECUTING, 2000L)
				.containsEntry(JobState.AVAILABLE, 30000L)
				.containsEntry(JobState.COMPLETED, 18000L));
	}

	@Test
	void executingCountsStopAtTheLimitAsTheOthersDo() {
		assertThat(store.stats(new StatsParams(Instant.now().minusSeconds(60), 1000))).hasSize(2)
			.allSatisfy((queue) -> {
				assertThat(queue.counts()).containsEntry(JobState.EXECUTING, 1000L)
					.containsEntry(JobState.AVAILABLE, 1000L);
				assertThat(queue.atLeast()).contains(JobState.EXECUTING, JobState.AVAILABLE);
			});
	}

	private static String explain(String planCacheMode, String sql, List<Object> values) throws SQLException {
		Where bound = new Where(Dialect.POSTGRESQL);
		bound.values.addAll(values);
		return PostgresPlans.explain(database, planCacheMode, sql, (connection, statement) -> bound.bind(statement));
	}

	private static Tables tables() {
		return Tables.of(Dialect.POSTGRESQL, store.schema(), store.tablePrefix());
	}

}
