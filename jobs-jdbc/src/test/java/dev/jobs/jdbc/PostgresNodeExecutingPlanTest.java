package dev.jobs.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.jobs.JobState;
import dev.jobs.jdbc.JobFilterSql.Query;
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
		String plan = PostgresPlans.explain(database, planCacheMode,
				new ClusterSql(PostgresPlans.tables(store)).cancelRequestedStatement(), List.of("node-3"));

		assertThat(plan).contains("Index Scan using jobs_rescue_idx").doesNotContain("jobs_state_queue_idx");
		assertThat(plan).contains("Rows Removed by Filter: 500");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theOrphanChecksCandidatesAreReadThroughTheRescueIndex(String planCacheMode) throws SQLException {
		String plan = PostgresPlans.explain(database, planCacheMode,
				new ClusterSql(PostgresPlans.tables(store)).executingIdsStatement(),
				List.of("node-3", Instant.now().plusSeconds(60)));

		assertThat(plan).contains("Index Scan using jobs_rescue_idx").doesNotContain("jobs_state_queue_idx");
		assertThat(plan).contains("(actual rows=500 ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theDashboardsCountOfAQueuesExecutingJobsReadsTheRescueIndex(String planCacheMode) throws SQLException {
		JobFilter executing = JobFilter.ALL.withStates(Set.of(JobState.EXECUTING)).withQueue("q1");
		Query query = new JobFilterSql(PostgresPlans.tables(store)).countQuery(executing, 1000);
		String plan = PostgresPlans.explain(database, planCacheMode, query.sql(), query.where().values);

		assertThat(plan).contains("jobs_rescue_idx").doesNotContain("Seq Scan");
		assertThat(store.count(executing, 100_000).count()).isEqualTo(2000);
	}

}
