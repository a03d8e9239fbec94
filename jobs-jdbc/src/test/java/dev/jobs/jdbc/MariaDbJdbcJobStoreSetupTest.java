package dev.jobs.jdbc;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;

import dev.jobs.Job;
import dev.jobs.JobsException;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Building the store on MariaDB: a fresh database per test.
 */
class MariaDbJdbcJobStoreSetupTest {

	static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

	@RegisterExtension
	final MariaDbTestDatabase database = MariaDbTestDatabase.perTest();

	@Test
	void migrationsOffOnAnEmptyDatabaseFailNamingTheTableAndTheSwitch() {
		assertThatExceptionOfType(JobsException.class)
			.isThrownBy(() -> JdbcJobStore.builder(this.database.dataSource()).migrate(false).build())
			.withMessageContaining("'" + this.database.schema() + ".jobs' does not exist and migrations are off")
			.withMessageContaining("docs/schema/mariadb.sql");
	}

	@Test
	void migrationsRunBesideTheApplicationsOwnTablesInTheCurrentDatabase() throws SQLException {
		execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name TEXT)");
		JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).tablePrefix("app_").build();
		assertThat(store.schema()).isEqualTo(this.database.schema());
		assertThat(store.dialect()).isEqualTo(Dialect.MARIADB);
		JdbcJobStore checked = JdbcJobStore.builder(this.database.dataSource())
			.tablePrefix("App_")
			.migrate(false)
			.build();
		Job job = checked.insert(new InsertParams(List.of(JobInsert.of("q", "k", "{}", T0)), T0)).get(0);
		assertThat(store.find(job.id())).isPresent();
		assertThat(JdbcJobStoreSetupTest.count(this.database.dataSource(),
				"SELECT count(*) FROM app_jobs_schema_history WHERE success AND version = '1'"))
			.isEqualTo(1);
	}

	@Test
	void timesAreStoredInUtcWhateverTheJvmsZone() throws SQLException {
		TimeZone zone = TimeZone.getDefault();
		try {
			TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
			JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).build();
			Job job = store.insert(new InsertParams(List.of(JobInsert.of("q", "k", "{}", T0)), T0)).get(0);
			assertThat(store.find(job.id()).orElseThrow().scheduledAt()).isEqualTo(T0);
			try (Connection connection = this.database.openConnection();
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT CAST(scheduled_at AS CHAR) FROM jobs")) {
				rows.next();
				assertThat(rows.getString(1)).isEqualTo("2026-03-01 10:00:00.123456");
			}
		}
		finally {
			TimeZone.setDefault(zone);
		}
	}

	@Test
	void thePublishedSchemaIsWhatTheStoreNeeds() throws Exception {
		// The driver takes one statement at a time; the file ends each with ";" at the
		// end of a line.
		for (String sql : Files.readString(JdbcJobStoreSetupTest.publishedSchema("mariadb.sql")).split(";\n")) {
			if (!sql.isBlank()) {
				execute(sql);
			}
		}
		JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).migrate(false).build();
		Job job = store.insert(new InsertParams(List.of(JobInsert.of("q", "k", "{}", T0)), T0)).get(0);
		assertThat(store.fetch(new FetchParams("q", 1, "n", T0))).extracting(Job::id).containsExactly(job.id());
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = this.database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
