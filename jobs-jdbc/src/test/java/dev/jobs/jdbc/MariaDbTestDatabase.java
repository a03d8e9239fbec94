package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariConfig;

/**
 * A MariaDB database of its own for a test class, or for each test, on the server named
 * by {@code JOBS_TEST_MARIADB_URL}. Without it the test class is skipped with a loud
 * message, or fails when the system property {@code jobs.test.mariadb} is
 * {@code required} (as in CI).
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final MariaDbTestDatabase database = MariaDbTestDatabase.perClass();
 * </pre>
 */
public final class MariaDbTestDatabase extends ServerTestDatabase {

	/**
	 * The environment variable with the server's JDBC URL (user and password in it), such
	 * as {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}.
	 */
	public static final String URL_VARIABLE = "JOBS_TEST_MARIADB_URL";

	/** The system property that, set to {@code required}, turns a skip into a failure. */
	public static final String REQUIREMENT_PROPERTY = "jobs.test.mariadb";

	private static final Server SERVER = new Server("MariaDB", URL_VARIABLE, REQUIREMENT_PROPERTY,
			"jdbc:mariadb://127.0.0.1:3306/test?user=root");

	private MariaDbTestDatabase(boolean perTest) {
		super(perTest, SERVER);
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
	String create(String namespace) {
		return "CREATE DATABASE " + namespace;
	}

	@Override
	String drop(String namespace) {
		return "DROP DATABASE IF EXISTS " + namespace;
	}

	@Override
	void use(HikariConfig config, String namespace) {
		config.setCatalog(namespace);
	}

	@Override
	void use(Connection connection, String namespace) throws SQLException {
		connection.setCatalog(namespace);
	}

}
