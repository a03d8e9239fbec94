package dev.jobs.jdbc;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.JobState;

import dev.jobs.jdbc.JobFilterSql.Query;
import dev.jobs.store.JobFilter;
import dev.jobs.store.ListParams;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node's executing jobs, on statistics taken while that node ran half the table and
 * 150,000 finished jobs later (its 20 executing jobs now the ten oldest and the ten
 * newest): the orphan check's candidates, and a listing of them (first page and next),
 * are read through the rescue index, as is the dashboard's page of a queue's executing
 * jobs. Walking the newest ids first, which such statistics made look cheap, read the
 * whole table whenever the page did not fill (370 ms at 156,000 rows in a benchmark).
 */
class PostgresOrphanListPlanTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	/** The first of the ten executing jobs after the finished ones. */
	private static final long FIRST_NEW_ID = 170_001;

	private static JdbcJobStore store;

	@BeforeAll
	static void analyzeABusyNodeThenFinishItsJobs() throws SQLException {
		store = JdbcJobStore.builder(database.dataSource()).build();
		PostgresPlans.withStaleStatistics(database,
				"INSERT INTO jobs (queue, kind, args, state, attempt, max_attempts, inserted_at, "
						+ "scheduled_at, attempted_at, attempted_by) SELECT 'q', 'work', '{}', 1, 1, 20, now(), now(), "
						+ "now(), 'node-1' FROM generate_series(1, 10000) g",
				"INSERT INTO jobs (queue, kind, args, state, max_attempts, inserted_at, scheduled_at) "
						+ "SELECT 'q', 'work', '{}', 0, 20, now(), now() FROM generate_series(1, 10000) g",
				"ANALYZE jobs", "UPDATE jobs SET state = 2, finished_at = now() WHERE id > 10",
				"INSERT INTO jobs (queue, kind, args, state, attempt, max_attempts, inserted_at, "
						+ "scheduled_at, attempted_at, attempted_by, finished_at) SELECT 'q', 'work', '{}', 2, 1, 20, "
						+ "now(), now(), now(), 'node-1', now() FROM generate_series(1, 150000) g",
				"INSERT INTO jobs (queue, kind, args, state, attempt, max_attempts, inserted_at, "
						+ "scheduled_at, attempted_at, attempted_by) SELECT 'q', 'work', '{}', 1, 1, 20, now(), now(), "
						+ "now(), 'node-1' FROM generate_series(1, 10) g");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theListingReadsTheRescueIndex(String planCacheMode) throws SQLException {
		String plan = explain(planCacheMode);

		assertThat(plan).contains("jobs_rescue_idx").doesNotContain("jobs_pkey").doesNotContain("Seq Scan");
		assertThat(plan).contains("(actual rows=20 ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theListingsNextPageReadsTheRescueIndex(String planCacheMode) throws SQLException {
		String plan = explain(planCacheMode, FIRST_NEW_ID);

		assertThat(plan).contains("jobs_rescue_idx").doesNotContain("Seq Scan");
		assertThat(plan).contains("(actual rows=10 ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theDashboardsPageOfAQueuesExecutingJobsReadsTheRescueIndex(String planCacheMode) throws SQLException {
		JobFilter executing = JobFilter.ALL.withStates(Set.of(JobState.EXECUTING)).withQueue("q");
		Query query = new JobFilterSql(PostgresPlans.tables(store)).listQuery(new ListParams(executing, null, 50));
		String plan = PostgresPlans.explain(database, planCacheMode, query.sql(), query.where().values);

		assertThat(plan).contains("jobs_rescue_idx").doesNotContain("jobs_pkey").doesNotContain("Seq Scan");
		assertThat(plan).contains("(actual rows=20 ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void theOrphanChecksCandidatesAreReadThroughTheRescueIndex(String planCacheMode) throws SQLException {
		String sql = new ClusterSql(PostgresPlans.tables(store)).executingIdsStatement();
		String plan = PostgresPlans.explain(database, planCacheMode, sql,
				List.of("node-1", Instant.now().plusSeconds(60)));

		assertThat(plan).contains("jobs_rescue_idx").doesNotContain("jobs_pkey").doesNotContain("Seq Scan");
		assertThat(plan).contains("(actual rows=20 ");
	}

	@Test
	void theOrphanChecksCandidatesAreTheNodesOldClaims() {
		assertThat(store.executingIds("node-1", Instant.now().plusSeconds(60))).hasSize(20);
		assertThat(store.executingIds("node-1", Instant.now().minusSeconds(3600))).isEmpty();
	}

	@Test
	void theListingPagesTheNodesJobsNewestFirst() {
		List<Long> first = ids(store.list(ListParams.executingOn("node-1", null, 12)));
		List<Long> second = ids(store.list(ListParams.executingOn("node-1", first.get(first.size() - 1), 12)));

		assertThat(first).hasSize(12)
			.isSortedAccordingTo(Comparator.reverseOrder())
			.startsWith(FIRST_NEW_ID + 9)
			.endsWith(10L, 9L);
		assertThat(second).containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
	}

	private static List<Long> ids(List<Job> jobs) {
		return jobs.stream().map(Job::id).toList();
	}

	private static String explain(String planCacheMode) throws SQLException {
		return explain(planCacheMode, null);
	}

	private static String explain(String planCacheMode, @Nullable Long beforeId) throws SQLException {
		Query query = new JobFilterSql(PostgresPlans.tables(store))
			.listQuery(ListParams.executingOn("node-1", beforeId, 1000));
		return PostgresPlans.explain(database, planCacheMode, query.sql(), query.where().values);
	}

}
