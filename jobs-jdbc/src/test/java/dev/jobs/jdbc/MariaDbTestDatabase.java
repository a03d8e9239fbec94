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
 * A MariaDB database of its own for a test class, or for each test, on the server named
 * by {@code JOBS_TEST_MARIADB_URL}. Without it the test class is skipped with a loud
 * message, or fails when the system property {@code jobs.test.mariadb} is
 * {@code required} (as in CI). The database gets a random name, because several builds
 * share one server, and is dropped at the end with every pool on it.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final MariaDbTestDatabase database = MariaDbTestDatabase.perClass();
 * </pre>
 */
public final class MariaDbTestDatabase extends TestDatabaseExtension {

	/**
	 * The environment variable with the server's JDBC URL (user and password in it), such
	 * as {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}.
	 */
	public static final String URL_VARIABLE = "JOBS_TEST_MARIADB_URL";

	/** The system property that, set to {@code required}, turns a skip into a failure. */
	public static final String REQUIREMENT_PROPERTY = "jobs.test.mariadb";

	private final List<HikariDataSource> pools = new ArrayList<>();

	private String serverUrl;

	private String database;

	private HikariDataSource dataSource;

	private MariaDbTestDatabase(boolean perTest) {
		super(perTest);
	}

	/**
	 * One database for the whole test class, for a static field.
	 * @return the extension
	 */
	public static MariaDbTestDatabase perClass() {
		return new MariaDbTestDatabase(false);
	}

	/**
	 * A fresh database for each test.
	 * @return the extension
	 */
	public static MariaDbTestDatabase perTest() {
		return new MariaDbTestDatabase(true);
	}

	@Override
	void open(ExtensionContext context) {
		String url = serverUrl();
		String database = "jobs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute(url, "CREATE DATABASE " + database);
		this.serverUrl = url;
		this.database = database;
		this.dataSource = newDataSource(10);
	}

	/**
	 * Drop the database and close the pools.
	 */
	@Override
	void close() {
		this.pools.forEach(HikariDataSource::close);
		this.pools.clear();
		execute(this.serverUrl, "DROP DATABASE IF EXISTS " + this.database);
		this.dataSource = null;
		this.database = null;
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
		String message = "No MariaDB for the tests: set " + URL_VARIABLE
				+ " (such as jdbc:mariadb://127.0.0.1:3306/test?user=root)";
		if ("required".equalsIgnoreCase(System.getProperty(REQUIREMENT_PROPERTY, "optional"))) {
			throw new IllegalStateException(message + "; -D" + REQUIREMENT_PROPERTY + "=required makes this a failure");
		}
		System.err.println();
		System.err.println("*** SKIPPING MARIADB TESTS *** " + message + " (-D" + REQUIREMENT_PROPERTY
				+ "=required makes this a failure)");
		System.err.println();
		Assumptions.abort(message);
		throw new IllegalStateException("unreachable");
	}

	/**
	 * A pool whose connections work in this database.
	 * @return the shared pool (10 connections), closed with the database
	 */
	public DataSource dataSource() {
		assertOpen();
		return this.dataSource;
	}

	/**
	 * Another pool on this database, closed with the database.
	 * @param size the most connections
	 * @return the pool
	 */
	public HikariDataSource newDataSource(int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(serverJdbcUrl());
		config.setCatalog(this.database);
		config.setMaximumPoolSize(size);
		config.setPoolName("jobs-test-" + this.database + "-" + this.pools.size());
		config.setConnectionTimeout(10_000);
		HikariDataSource pool = new HikariDataSource(config);
		this.pools.add(pool);
		return pool;
	}

	/**
	 * The database's name, which the store calls its schema.
	 * @return the name
	 */
	public String schema() {
		assertOpen();
		return this.database;
	}

	/**
	 * The server's URL, as given (its database is not this one).
	 * @return the URL
	 */
	public String serverJdbcUrl() {
		assertOpen();
		return this.serverUrl;
	}

	/**
	 * A connection of its own, outside every pool, working in this database.
	 * @return the connection; the caller closes it
	 * @throws SQLException if the server cannot be reached
	 */
	public Connection openConnection() throws SQLException {
		Connection connection = DriverManager.getConnection(serverJdbcUrl());
		connection.setCatalog(this.database);
		return connection;
	}

	private static void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on the test MariaDB: " + ex.getMessage(), ex);
		}
	}

}
