package dev.jobs.jdbc;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.Job;
import dev.jobs.JobsException;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Building the store on PostgreSQL: a fresh schema per test.
 */
class PostgresJdbcJobStoreSetupTest {

	static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	@RegisterExtension
	final PostgresTestDatabase database = PostgresTestDatabase.perTest();

	@Test
	void pruneVacuumsTheJobsTableWhereAutovacuumIsOff() throws SQLException {
		boolean autovacuum;
		try (Connection connection = this.database.openConnection();
				Statement statement = connection.createStatement();
				java.sql.ResultSet rows = statement.executeQuery("SHOW autovacuum")) {
			rows.next();
			autovacuum = "on".equals(rows.getString(1));
		}
		JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).build();

		store.prune(new dev.jobs.store.PruneParams(T0, T0, T0, T0, 100));

		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(vacuumed()).isEqualTo(!autovacuum));
	}

	private boolean vacuumed() throws SQLException {
		try (Connection connection = this.database.openConnection();
				Statement statement = connection.createStatement();
				java.sql.ResultSet rows = statement
					.executeQuery("SELECT last_vacuum IS NOT NULL FROM " + "pg_stat_user_tables WHERE schemaname = '"
							+ this.database.schema() + "' AND relname = 'jobs'")) {
			return rows.next() && rows.getBoolean(1);
		}
	}

	@Test
	void anIdDefaultThatIsNotIncreasingFailsEnqueueRatherThanMixingUpIds() throws SQLException {
		JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).build();
		try (Connection connection = this.database.openConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER TABLE " + this.database.schema()
					+ ".jobs ALTER COLUMN id SET INCREMENT BY -1 RESTART WITH 1000");
		}
		List<JobInsert> jobs = List.of(JobInsert.of("default", "first", "{}", T0),
				JobInsert.of("default", "second", "{}", T0));

		assertThatExceptionOfType(JobsException.class).isThrownBy(() -> store.insert(new InsertParams(jobs, T0)))
			.withMessageContaining("out of request order")
			.withMessageContaining("increasing");
	}

	@Test
	void uniqueJobsWhoseDrawnIdIsTakenAreEnqueuedUnderTheNextOne() throws SQLException {
		JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).build();
		// The ids the sequence hands out next are already taken.
		try (Connection connection = this.database.openConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO " + this.database.schema() + ".jobs (id, queue, kind, args, state, "
					+ "max_attempts, inserted_at, scheduled_at) SELECT i, 'default', 'squatter', '{}', 0, 1, now(), "
					+ "now() FROM generate_series(1, 2) i");
		}
		JobInsert one = new JobInsert("default", "one", "{}", 0, 1, T0, "key-1", UniqueStrategy.IGNORE, null);
		JobInsert two = new JobInsert("default", "two", "{}", 0, 1, T0, "key-2", UniqueStrategy.IGNORE, null);
		JobInsert three = new JobInsert("default", "three", "{}", 0, 1, T0, "key-3", UniqueStrategy.IGNORE, null);

		List<Job> single = store.insert(new InsertParams(List.of(one), T0));
		List<Job> batch = store.insert(new InsertParams(List.of(two, three), T0));

		assertThat(single).extracting(Job::kind).containsExactly("one");
		assertThat(batch).extracting(Job::kind).containsExactly("two", "three");
		assertThat(single.get(0).id()).isGreaterThan(2);
		assertThat(store.find(1)).map(Job::kind).contains("squatter");
		assertThat(store.find(2)).map(Job::kind).contains("squatter");
	}

	@Test
	void migrationsOffOnAnEmptySchemaFailNamingTheTableAndTheSwitch() {
		assertThatExceptionOfType(JobsException.class)
			.isThrownBy(() -> JdbcJobStore.builder(this.database.dataSource()).migrate(false).build())
			.withMessageContaining("'" + this.database.schema() + ".jobs' does not exist and migrations are off")
			.withMessageContaining("migrate(true)")
			.withMessageContaining("jobs.jdbc.migrate=true");
	}

	@Test
	void migrationsRunBesideTheApplicationsOwnTablesInTheCurrentSchema() throws SQLException {
		execute("CREATE TABLE users (id bigint PRIMARY KEY, name text)");
		JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).tablePrefix("app_").build();
		assertThat(store.schema()).isEqualTo(this.database.schema());
		assertThat(store.dialect()).isEqualTo(Dialect.POSTGRESQL);
		JdbcJobStore checked = JdbcJobStore.builder(this.database.dataSource())
			.tablePrefix("app_")
			.migrate(false)
			.build();
		Job job = checked.insert(new InsertParams(List.of(JobInsert.of("q", "k", "{}", T0)), T0)).get(0);
		assertThat(store.find(job.id())).isPresent();
		assertThat(JdbcJobStoreSetupTest.count(this.database.dataSource(),
				"SELECT count(*) FROM app_jobs_schema_history WHERE success AND version = '1'"))
			.isEqualTo(1);
	}

	@Test
	void anExplicitSchemaIsCreatedAndUsedWhateverTheConnectionsSchema() throws SQLException {
		String other = this.database.schema() + "_x";
		try {
			JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).schema(other).build();
			Job job = store.insert(new InsertParams(List.of(JobInsert.of("q", "k", "{}", T0)), T0)).get(0);
			assertThat(JdbcJobStoreSetupTest.count(this.database.dataSource(),
					"SELECT count(*) FROM " + other + ".jobs WHERE id = " + job.id()))
				.isEqualTo(1);
		}
		finally {
			execute("DROP SCHEMA IF EXISTS " + other + " CASCADE");
		}
	}

	@Test
	void thePublishedSchemaIsWhatTheStoreNeeds() throws Exception {
		execute(Files.readString(JdbcJobStoreSetupTest.publishedSchema("postgresql.sql")));
		JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).migrate(false).build();
		Job job = store.insert(new InsertParams(List.of(JobInsert.of("q", "k", "{}", T0)), T0)).get(0);
		assertThat(store.fetch(new FetchParams("q", 1, "n", T0))).extracting(Job::id).containsExactly(job.id());
	}

	private void execute(String sql) throws SQLException {
		HikariDataSource dataSource = (HikariDataSource) this.database.dataSource();
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
