package dev.jobs.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.jobs.JobState;
import dev.jobs.jdbc.JobFilterSql.Query;
import dev.jobs.jdbc.JobFilterSql.Where;
import dev.jobs.store.JobFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's look at its own executing jobs (the heartbeat's cancel requests, the orphan
 * check's candidates), and the dashboard's count of a queue's executing jobs, on
 * statistics taken while every job was available and then eight nodes ran 4,000 of them:
 * the rescue index answers, with the node's 500 rows. The dashboard's
 * {@code (state, queue, id)} index looked cheaper on such statistics, and each look read
 * every executing job of the cluster; since schema version 7 it holds no executing job
 * ({@link PostgresQueueFiguresPlanTest}: the dashboard's figures count those from the
 * rescue index).
 */
class PostgresNodeExecutingPlanTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void analyzeAvailableJobsThenRunThemOnEightNodes() throws SQLException {
		store = JdbcJobStore.builder(database.dataSource()).build();
		PostgresPlans.analyzedAvailableThenRunOnEightNodes(database);
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
	void theDashboardsCountOfAQueuesExecutingJobsReadsTheRescueIndex(String planCacheMode) throws SQLException {
		JobFilter executing = JobFilter.ALL.withStates(Set.of(JobState.EXECUTING)).withQueue("q1");
		Query query = new JobFilterSql(tables()).countQuery(executing, 1000);
		String plan = explain(planCacheMode, query.sql(), query.where().values);

		assertThat(plan).contains("jobs_rescue_idx").doesNotContain("Seq Scan");
		assertThat(store.count(executing, 100_000).count()).isEqualTo(2000);
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
