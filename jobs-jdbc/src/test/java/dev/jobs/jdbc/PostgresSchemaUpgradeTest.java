package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobFilter;
import dev.jobs.store.JobInsert;
import dev.jobs.store.ListParams;
import dev.jobs.store.StatsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema upgrade on PostgreSQL; version 6's unique index, which holds only jobs with
 * a key; and version 7's {@code (state, queue, id)} index, which holds no executing job.
 */
class PostgresSchemaUpgradeTest extends AbstractSchemaUpgradeTest {

	@RegisterExtension
	final PostgresTestDatabase database = PostgresTestDatabase.perTest();

	@Override
	DataSource dataSource() {
		return this.database.dataSource();
	}

	@Override
	Dialect dialect() {
		return Dialect.POSTGRESQL;
	}

	@Override
	String schema() {
		return this.database.schema();
	}

	@Test
	void version6KeepsTheHeldKeysOfAVersion5TableAndIndexesOnlyJobsWithAKey() throws SQLException {
		Tables tables = Tables.of(dialect(), schema(), "");
		SchemaSetup.flyway(dataSource(), tables).target("5").load().migrate();
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			// Every state of version 5 (0 to 7) twice: once with a key, once without.
			statement.executeUpdate("INSERT INTO " + tables.jobs() + " (queue, kind, args, state, max_attempts, "
					+ "inserted_at, scheduled_at, unique_key) SELECT 'upgrade', 'kind', '{}', s, 3, now(), now(), "
					+ "k || s FROM generate_series(0, 7) s, (VALUES ('key-'), (NULL)) keys (k)");
		}
		long lastOfVersion5 = 16;

		JdbcJobStore store = JdbcJobStore.builder(dataSource()).schema(schema()).build();

		Instant now = Instant.now();
		for (JobState state : JobState.values()) {
			JobInsert sameKey = new JobInsert(QUEUE, "kind", "{}", 0, 3, now, "key-" + state.code(),
					UniqueStrategy.IGNORE, null);
			List<Job> answered = store.insert(new InsertParams(List.of(sameKey), now));
			boolean held = List.of(JobState.AVAILABLE, JobState.EXECUTING, JobState.RETRYABLE, JobState.SCHEDULED)
				.contains(state);
			assertThat(answered).singleElement()
				.satisfies((job) -> assertThat(job.id() <= lastOfVersion5)
					.as("a job enqueued with the key of the %s job is answered with that job", state)
					.isEqualTo(held));
		}
		// A batch with a key goes through the batch statement, whose ON CONFLICT names
		// the
		// index by its predicate too.
		List<Job> batch = store.insert(
				new InsertParams(
						List.of(new JobInsert(QUEUE, "kind", "{}", 0, 3, now, null, UniqueStrategy.IGNORE, null),
								new JobInsert(QUEUE, "kind", "{}", 0, 3, now, "key-0", UniqueStrategy.IGNORE, null)),
						now));
		assertThat(batch).extracting(Job::id)
			.satisfiesExactly((keyless) -> assertThat(keyless).isGreaterThan(lastOfVersion5),
					(held) -> assertThat(held).isLessThanOrEqualTo(lastOfVersion5));
		try (Connection connection = dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet index = statement
					.executeQuery("SELECT pg_get_indexdef(CAST('" + schema() + ".jobs_unique_idx' AS regclass))")) {
			index.next();
			assertThat(index.getString(1)).as("jobs without a key are not in the index")
				.endsWith("WHERE ((unique_key IS NOT NULL) AND (state = ANY (ARRAY[0, 1, 3, 6])))");
		}
	}

	@Test
	void version7CountsTheJobsOfAVersion6TableInEveryStateAndIndexesNoExecutingJob() throws SQLException {
		Tables tables = version6WithJobsInEveryState();

		JdbcJobStore store = JdbcJobStore.builder(dataSource()).schema(schema()).build();

		assertCountsEveryState(store);
		try (Connection connection = dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet index = statement.executeQuery(
						"SELECT pg_get_indexdef(CAST('" + tables.jobs() + "_state_queue_idx' AS regclass))")) {
			index.next();
			assertThat(index.getString(1)).as("executing jobs are not in the index").endsWith("WHERE (state <> 1)");
		}
	}

	/** A rolling deploy runs this version on version 6 until every node has it. */
	@Test
	void thisVersionCountsTheJobsOfAVersion6SchemaWithMigrationsOff() throws SQLException {
		version6WithJobsInEveryState();

		JdbcJobStore store = JdbcJobStore.builder(dataSource()).schema(schema()).migrate(false).build();

		assertCountsEveryState(store);
		assertThat(store
			.list(new ListParams(JobFilter.ALL.withStates(Set.of(JobState.EXECUTING)).withQueue("a"), null, 50)))
			.hasSize(2);
	}

	/** Every state (0 to 7) in queues a and b, s + 1 jobs of state s in each. */
	private Tables version6WithJobsInEveryState() throws SQLException {
		Tables tables = Tables.of(dialect(), schema(), "");
		SchemaSetup.flyway(dataSource(), tables).target("6").load().migrate();
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO " + tables.jobs() + " (queue, kind, args, state, max_attempts, "
					+ "inserted_at, scheduled_at, attempted_by) SELECT q, 'kind', '{}', s, 3, now(), now(), "
					+ "CASE WHEN s = 1 THEN 'node-a' END FROM generate_series(0, 7) s, (VALUES ('a'), ('b')) queues (q), "
					+ "generate_series(0, s) n");
		}
		return tables;
	}

	private static void assertCountsEveryState(JdbcJobStore store) {
		assertThat(store.stats(new StatsParams(Instant.now().minusSeconds(60), 1000))).hasSize(2)
			.allSatisfy((queue) -> {
				for (JobState state : JobState.values()) {
					assertThat(queue.counts()).as("%s jobs of queue %s", state, queue.queue())
						.containsEntry(state, (long) state.code() + 1);
				}
			});
		assertThat(store.stats(new StatsParams(Instant.now().minusSeconds(60), 2))).allSatisfy((queue) -> {
			assertThat(queue.counts()).as("counts stop at the limit, executing jobs' too")
				.containsEntry(JobState.EXECUTING, 2L)
				.containsEntry(JobState.CANCELLED, 2L);
			assertThat(queue.atLeast()).contains(JobState.EXECUTING, JobState.CANCELLED)
				.doesNotContain(JobState.AVAILABLE);
		});
	}

}
