package dev.jobs.jdbc;

import java.sql.SQLException;
import java.time.Instant;

import dev.jobs.JobState;
import dev.jobs.store.StatsParams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's counts by queue and state, on statistics taken while every job was
 * available and then most of them ran: each count reads the {@code (state, queue, id)}
 * index up to its limit, executing jobs the rescue index (schema version 7 left them out
 * of the other). On such statistics a sequential scan up to the limit looked cheaper, and
 * it reads the whole table for a state and queue with few jobs.
 */
class PostgresQueueFiguresPlanTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void analyzeAvailableJobsThenRunMostOfThem() throws SQLException {
		store = JdbcJobStore.builder(database.dataSource()).build();
		PostgresPlans.analyzedAvailableThenRunOnEightNodes(database);
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void eachCountReadsTheIndex(String planCacheMode) throws SQLException {
		String sql = new QueueFiguresSql(PostgresPlans.tables(store)).pairCountsStatement();
		String plan = PostgresPlans.explain(database, planCacheMode, sql, (connection, statement) -> {
			statement.setLong(1, 1000);
			statement.setLong(2, 1000);
		});

		assertThat(plan).as("executing jobs are counted from the rescue index, the others from the dashboard's")
			.contains("jobs_state_queue_idx")
			.contains("jobs_rescue_idx")
			.doesNotContain("Seq Scan");
	}

	@Test
	void theCountsStopAtTheLimit() {
		assertThat(store.stats(new StatsParams(Instant.now().minusSeconds(60), 1000))).hasSize(2)
			.allSatisfy((queue) -> {
				assertThat(queue.counts()).containsEntry(JobState.EXECUTING, 1000L)
					.containsEntry(JobState.COMPLETED, 1000L)
					.containsEntry(JobState.AVAILABLE, 1000L);
				assertThat(queue.atLeast()).containsExactlyInAnyOrder(JobState.EXECUTING, JobState.COMPLETED,
						JobState.AVAILABLE);
			});
	}

}
