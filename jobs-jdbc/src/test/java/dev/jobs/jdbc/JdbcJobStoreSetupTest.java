package dev.jobs.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobsException;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mariadb.jdbc.MariaDbDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Building the store: identifiers, migrations on and off, databases it does not support.
 * PostgreSQL cases are in {@link PostgresJdbcJobStoreSetupTest}.
 */
class JdbcJobStoreSetupTest {

	static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	@RegisterExtension
	final H2TestDatabase database = H2TestDatabase.perTest();

	@ParameterizedTest
	@ValueSource(strings = { "", "1jobs", "jobs;drop table x", "jobs schema", "\"jobs\"", "jobs-x", "jöbs",
			"abcdefghijklmnopqrstuvwxyz0123456" })
	void rejectsASchemaThatIsNotAPlainIdentifier(String schema) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JdbcJobStore.builder(this.database.dataSource()).schema(schema))
			.withMessageContaining("schema '" + schema + "' is not a valid name")
			.withMessageContaining("letters, digits and underscores");
	}

	@ParameterizedTest
	@ValueSource(strings = { "app-", "app_'", "1app_", "app_;--", "a_prefix_too_long" })
	void rejectsATablePrefixThatIsNotAPlainIdentifier(String prefix) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JdbcJobStore.builder(this.database.dataSource()).tablePrefix(prefix))
			.withMessageContaining("tablePrefix '" + prefix + "' is not a valid name");
	}

	@Test
	void migrationsOffOnAnEmptySchemaFailNamingTheTableAndTheSwitch() {
		assertThatExceptionOfType(JobsException.class)
			.isThrownBy(() -> JdbcJobStore.builder(this.database.dataSource()).migrate(false).build())
			.withMessageContaining("'PUBLIC.JOBS' does not exist and migrations are off")
			.withMessageContaining("migrate(true)")
			.withMessageContaining("jobs.jdbc.migrate=true");
	}

	@Test
	void schemaAndPrefixKeepStoresInOneDatabaseApart() throws SQLException {
		JdbcJobStore first = JdbcJobStore.builder(this.database.dataSource()).schema("jobs").tablePrefix("a_").build();
		JdbcJobStore second = JdbcJobStore.builder(this.database.dataSource()).schema("jobs").tablePrefix("b_").build();
		Job job = first.insert(new InsertParams(List.of(JobInsert.of("q", "k", "{}", T0)), T0)).get(0);
		assertThat(second.find(job.id())).isEmpty();
		assertThat(second.fetch(new FetchParams("q", 10, "n", T0))).isEmpty();
		assertThat(first.fetch(new FetchParams("q", 10, "n", T0))).extracting(Job::id).containsExactly(job.id());
		assertThat(first.schema()).isEqualTo("JOBS");
		assertThat(first.tablePrefix()).isEqualTo("A_");
		assertThat(count("SELECT count(*) FROM JOBS.A_JOBS_SCHEMA_HISTORY WHERE \"success\" AND \"version\" = '1'"))
			.isEqualTo(1);
	}

	@Test
	void migrationsRunBesideTheApplicationsOwnTablesAndOnlyOnce() throws SQLException {
		execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(100))");
		JdbcJobStore.builder(this.database.dataSource()).build();
		JdbcJobStore again = JdbcJobStore.builder(this.database.dataSource()).build();
		JdbcJobStore checked = JdbcJobStore.builder(this.database.dataSource()).migrate(false).build();
		assertThat(checked.insert(new InsertParams(List.of(JobInsert.of("q", "k", "{}", T0)), T0))).hasSize(1);
		assertThat(again.dialect()).isEqualTo(Dialect.H2);
		assertThat(count("SELECT count(*) FROM users")).isZero();
	}

	@Test
	void thePublishedSchemaIsWhatTheStoreNeeds() throws Exception {
		execute(Files.readString(publishedSchema("h2.sql")));
		JdbcJobStore store = JdbcJobStore.builder(this.database.dataSource()).migrate(false).build();
		Job job = store.insert(new InsertParams(List.of(JobInsert.of("q", "k", "{}", T0)), T0)).get(0);
		assertThat(store.fetch(new FetchParams("q", 1, "n", T0))).extracting(Job::id).containsExactly(job.id());
	}

	@Test
	void anUnsupportedDatabaseFailsNamingTheSupportedOnes() throws SQLException {
		MariaDbDataSource mariaDb = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test?user=root");
		try (Connection connection = mariaDb.getConnection()) {
			assertThat(connection.isValid(5)).isTrue();
		}
		catch (SQLException ex) {
			Assumptions.abort("No MariaDB on 127.0.0.1:3306 to stand for an unsupported database: " + ex.getMessage());
		}
		assertThatExceptionOfType(JobsException.class).isThrownBy(() -> JdbcJobStore.builder(mariaDb).build())
			.withMessageContaining("Unsupported database 'MariaDB")
			.withMessageContaining("supports PostgreSQL (15 or later) and H2 (2.x)");
	}

	static Path publishedSchema(String file) throws IOException {
		Path path = Path.of("..", "docs", "schema", file);
		assertThat(path).exists();
		return path;
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = this.database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private long count(String sql) throws SQLException {
		return count(this.database.dataSource(), sql);
	}

	static long count(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				var rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
