package dev.jobs.jdbc;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Building the store: identifiers, migrations on and off, databases it does not support,
 * the published schemas. PostgreSQL and MariaDB cases are in
 * {@link PostgresJdbcJobStoreSetupTest} and {@link MariaDbJdbcJobStoreSetupTest}.
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
	void anUnsupportedDatabaseFailsNamingTheSupportedOnes() {
		DataSource sqlite = reporting(this.database.dataSource(), "SQLite", "3.45.1", 3, 45);
		assertThatExceptionOfType(JobsException.class).isThrownBy(() -> JdbcJobStore.builder(sqlite).build())
			.withMessageContaining("Unsupported database 'SQLite 3.45.1'")
			.withMessageContaining("supports PostgreSQL (15 or later), MariaDB (10.6 or later), MySQL (8.0 or later) "
					+ "and H2 (2.x)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "MariaDB 10.5.27 10 5", "MySQL 5.7.44 5 7" })
	void aServerWithoutSkipLockedFailsNamingTheVersionThatHasIt(String server) {
		String[] parts = server.split(" ");
		DataSource old = reporting(this.database.dataSource(), parts[0], parts[1], Integer.parseInt(parts[2]),
				Integer.parseInt(parts[3]));
		assertThatExceptionOfType(JobsException.class).isThrownBy(() -> JdbcJobStore.builder(old).build())
			.withMessageContaining(parts[0] + " " + parts[1] + " is not supported")
			.withMessageContaining("SKIP LOCKED");
	}

	/**
	 * A data source whose connections say they are another database.
	 */
	private static DataSource reporting(DataSource dataSource, String product, String version, int major, int minor) {
		ClassLoader loader = JdbcJobStoreSetupTest.class.getClassLoader();
		return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					Object result = method.invoke(dataSource, args);
					if (!(result instanceof Connection connection)) {
						return result;
					}
					return Proxy.newProxyInstance(loader, new Class<?>[] { Connection.class }, (c, m, a) -> {
						if (!m.getName().equals("getMetaData")) {
							return m.invoke(connection, a);
						}
						DatabaseMetaData metaData = connection.getMetaData();
						return Proxy.newProxyInstance(loader, new Class<?>[] { DatabaseMetaData.class },
								(d, n, b) -> switch (n.getName()) {
									case "getDatabaseProductName" -> product;
									case "getDatabaseProductVersion" -> version;
									case "getDatabaseMajorVersion" -> major;
									case "getDatabaseMinorVersion" -> minor;
									default -> n.invoke(metaData, b);
								});
					});
				});
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql", "h2", "mariadb" })
	void thePublishedSchemaHasTheStatementsOfTheMigrations(String dialect) throws IOException {
		// The published schema is every migration's statements, in version order.
		Path folder = Path.of("src", "main", "resources", "db", "jobs", dialect);
		List<Path> migrations;
		try (var files = Files.list(folder)) {
			migrations = files.filter((file) -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
				.sorted(java.util.Comparator.comparingInt((Path file) -> Integer
					.parseInt(file.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
				.toList();
		}
		StringBuilder migrated = new StringBuilder();
		for (Path migration : migrations) {
			migrated.append(Files.readString(migration).replace("${schema}.", "").replace("${prefix}", ""))
				.append('\n');
		}
		assertThat(statements(Files.readString(publishedSchema(dialect + ".sql"))))
			.as("docs/schema/%s.sql against %s", dialect, migrations)
			.isEqualTo(statements(migrated.toString()));
	}

	/**
	 * The SQL without its comment lines, which the published schema words differently.
	 */
	private static List<String> statements(String sql) {
		return sql.lines().filter((line) -> !line.isBlank() && !line.strip().startsWith("--")).toList();
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
