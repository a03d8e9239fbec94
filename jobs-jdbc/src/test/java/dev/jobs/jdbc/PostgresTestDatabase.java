package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL schema of its own for a test class, or for each test, on the server named
 * by {@code JOBS_TEST_JDBC_URL}, else on a Testcontainers server when Docker is there.
 * With neither, the test class is skipped with a loud message, or fails when the system
 * property {@code jobs.test.postgres} is {@code required} (as in CI). The schema gets a
 * random name, because several builds share one server, and is dropped at the end with
 * every pool on it.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final PostgresTestDatabase database = PostgresTestDatabase.perClass();
 * </pre>
 */
public final class PostgresTestDatabase extends TestDatabaseExtension {

	/** The environment variable with the server's JDBC URL (user and password in it). */
	public static final String URL_VARIABLE = "JOBS_TEST_JDBC_URL";

	/** The system property that, set to {@code required}, turns a skip into a failure. */
	public static final String REQUIREMENT_PROPERTY = "jobs.test.postgres";

	private final List<HikariDataSource> pools = new ArrayList<>();

	private String serverUrl;

	private String schema;

	private HikariDataSource dataSource;

	private PostgresTestDatabase(boolean perTest) {
		super(perTest);
	}

	/**
	 * One schema for the whole test class, for a static field.
	 * @return the extension
	 */
	public static PostgresTestDatabase perClass() {
		return new PostgresTestDatabase(false);
	}

	/**
	 * A fresh schema for each test.
	 * @return the extension
	 */
	public static PostgresTestDatabase perTest() {
		return new PostgresTestDatabase(true);
	}

	@Override
	void open(ExtensionContext context) {
		String url = serverUrl();
		String schema = "jobs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute(url, "CREATE SCHEMA " + schema);
		this.serverUrl = url;
		this.schema = schema;
		this.dataSource = newDataSource(10);
	}

	/**
	 * Drop the schema and close the pools.
	 */
	@Override
	void close() {
		this.pools.forEach(HikariDataSource::close);
		this.pools.clear();
		execute(this.serverUrl, "DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
		this.dataSource = null;
		this.schema = null;
		this.serverUrl = null;
	}

	/**
	 * The server's JDBC URL, or the end of the test class when there is none.
	 * @return the URL
	 */
	private static String serverUrl() {
		String url = System.getenv(URL_VARIABLE);
		if (url != null && !url.isBlank()) {
			return url;
		}
		String containerUrl = Container.url();
		if (containerUrl != null) {
			return containerUrl;
		}
		String message = "No PostgreSQL for the tests: set " + URL_VARIABLE
				+ " (such as jdbc:postgresql://127.0.0.1:5432/test?user=postgres) or start Docker for Testcontainers";
		if ("required".equalsIgnoreCase(System.getProperty(REQUIREMENT_PROPERTY, "optional"))) {
			throw new IllegalStateException(message + "; -D" + REQUIREMENT_PROPERTY + "=required makes this a failure");
		}
		System.err.println();
		System.err.println("*** SKIPPING POSTGRESQL TESTS *** " + message + " (-D" + REQUIREMENT_PROPERTY
				+ "=required makes this a failure)");
		System.err.println();
		Assumptions.abort(message);
		throw new IllegalStateException("unreachable");
	}

	/**
	 * A pool whose connections work in this schema.
	 * @return the shared pool (10 connections), closed with the database
	 */
	public DataSource dataSource() {
		assertOpen();
		return this.dataSource;
	}

	/**
	 * Another pool on this schema, closed with the database.
	 * @param size the most connections
	 * @return the pool
	 */
	public HikariDataSource newDataSource(int size) {
		return newDataSource(size, "jobs-test");
	}

	/**
	 * Another pool on this schema whose connections carry an application name, so that a
	 * test can find their server processes in {@code pg_stat_activity} (and end them).
	 * @param size the most connections
	 * @param applicationName the name
	 * @return the pool, closed with the database
	 */
	public HikariDataSource newDataSource(int size, String applicationName) {
		HikariConfig config = new HikariConfig();
		config.addDataSourceProperty("ApplicationName", applicationName);
		config.setJdbcUrl(serverJdbcUrl());
		config.setSchema(this.schema);
		config.setMaximumPoolSize(size);
		config.setPoolName("jobs-test-" + this.schema + "-" + this.pools.size());
		config.setConnectionTimeout(10_000);
		HikariDataSource pool = new HikariDataSource(config);
		this.pools.add(pool);
		return pool;
	}

	public String schema() {
		assertOpen();
		return this.schema;
	}

	/**
	 * The server's URL, without a schema.
	 * @return the URL
	 */
	public String serverJdbcUrl() {
		assertOpen();
		return this.serverUrl;
	}

	/**
	 * A connection of its own, outside every pool, working in this schema.
	 * @return the connection; the caller closes it
	 * @throws SQLException if the server cannot be reached
	 */
	public Connection openConnection() throws SQLException {
		Connection connection = DriverManager.getConnection(serverJdbcUrl());
		connection.setSchema(this.schema);
		return connection;
	}

	/**
	 * End the server processes of every connection with an application name, as an
	 * administrator or a failover would.
	 * @param applicationName the name
	 * @return how many were ended
	 */
	public int terminateConnections(String applicationName) {
		try (Connection connection = DriverManager.getConnection(serverJdbcUrl());
				java.sql.PreparedStatement statement = connection.prepareStatement(
						"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
			statement.setString(1, applicationName);
			try (java.sql.ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not end the connections of " + applicationName, ex);
		}
	}

	private static void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on the test PostgreSQL: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * One Testcontainers server for the whole test run, only looked for when no URL is
	 * given and only when Testcontainers is on the class path.
	 */
	private static final class Container {

		private static final Object lock = new Object();

		private static boolean tried;

		private static String url;

		static String url() {
			synchronized (lock) {
				if (!tried) {
					tried = true;
					url = start();
				}
				return url;
			}
		}

		private static String start() {
			try {
				Class.forName("org.testcontainers.DockerClientFactory");
			}
			catch (ClassNotFoundException ex) {
				return null;
			}
			return Docker.start();
		}

	}

	/**
	 * The part that touches Testcontainers' classes, loaded only when they exist.
	 */
	private static final class Docker {

		static String start() {
			try {
				if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
					return null;
				}
			}
			catch (RuntimeException ex) {
				return null;
			}
			org.testcontainers.postgresql.PostgreSQLContainer container = new org.testcontainers.postgresql.PostgreSQLContainer(
					"postgres:15-alpine");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?") + "user="
					+ container.getUsername() + "&password=" + container.getPassword();
		}

	}

}
