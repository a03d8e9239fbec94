package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A PostgreSQL schema of its own for a test class, or for each test, on the server named
 * by {@code JOBS_TEST_JDBC_URL}, else on a Testcontainers server when Docker is there.
 * With neither, the test class is skipped with a loud message, or fails when the system
 * property {@code jobs.test.postgres} is {@code required} (as in CI).
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final PostgresTestDatabase database = PostgresTestDatabase.perClass();
 * </pre>
 */
public final class PostgresTestDatabase extends ServerTestDatabase {

	/** The environment variable with the server's JDBC URL (user and password in it). */
	public static final String URL_VARIABLE = "JOBS_TEST_JDBC_URL";

	/** The system property that, set to {@code required}, turns a skip into a failure. */
	public static final String REQUIREMENT_PROPERTY = "jobs.test.postgres";

	private static final Server SERVER = new Server("PostgreSQL", URL_VARIABLE, REQUIREMENT_PROPERTY,
			"jdbc:postgresql://127.0.0.1:5432/test?user=postgres; or start Docker for Testcontainers");

	private PostgresTestDatabase(boolean perTest) {
		super(perTest, SERVER);
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
	String fallbackUrl() {
		return Container.url();
	}

	@Override
	String create(String namespace) {
		return "CREATE SCHEMA " + namespace;
	}

	@Override
	String drop(String namespace) {
		return "DROP SCHEMA IF EXISTS " + namespace + " CASCADE";
	}

	@Override
	void use(HikariConfig config, String namespace) {
		config.setSchema(namespace);
	}

	@Override
	void use(Connection connection, String namespace) throws SQLException {
		connection.setSchema(namespace);
	}

	/**
	 * Another pool on this schema whose connections carry an application name, so that a
	 * test can find their server processes in {@code pg_stat_activity} (and end them).
	 * @param size the most connections
	 * @param applicationName the name
	 * @return the pool, closed with the database
	 */
	public HikariDataSource newDataSource(int size, String applicationName) {
		return newPool(size, (config) -> config.addDataSourceProperty("ApplicationName", applicationName));
	}

	/**
	 * End the server processes of every connection with an application name, as an
	 * administrator or a failover would.
	 * @param applicationName the name
	 * @return how many were ended
	 */
	public int terminateConnections(String applicationName) {
		try (Connection connection = DriverManager.getConnection(serverJdbcUrl());
				PreparedStatement statement = connection.prepareStatement(
						"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
			statement.setString(1, applicationName);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not end the connections of " + applicationName, ex);
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
