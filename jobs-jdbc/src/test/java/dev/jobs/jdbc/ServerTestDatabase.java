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
 * A namespace of its own (a schema or a database) on a shared test server, for a test
 * class or for each test: random names, because several builds share one server, dropped
 * at the end with every pool on it. Without a server the test class is skipped with a
 * loud message, or fails when the server's requirement property is {@code required} (as
 * in CI).
 */
public abstract class ServerTestDatabase extends TestDatabaseExtension {

	private final List<HikariDataSource> pools = new ArrayList<>();

	private String serverUrl;

	private String namespace;

	private HikariDataSource dataSource;

	private final Server server;

	ServerTestDatabase(boolean perTest, Server server) {
		super(perTest);
		this.server = server;
	}

	/**
	 * Where a test server is found, and how it is named in messages.
	 *
	 * @param name the server's name, such as {@code PostgreSQL}
	 * @param urlVariable the environment variable with its JDBC URL
	 * @param requirementProperty the system property that, set to {@code required}, turns
	 * a skip into a failure
	 * @param exampleUrl an example of the URL, for the message when there is none
	 */
	record Server(String name, String urlVariable, String requirementProperty, String exampleUrl) {
	}

	/**
	 * A server to use when the environment names none.
	 * @return its JDBC URL, or {@code null}
	 */
	String fallbackUrl() {
		return null;
	}

	/** The statement that creates a namespace of the given name. */
	abstract String create(String namespace);

	/** The statement that drops the namespace of the given name. */
	abstract String drop(String namespace);

	/** Make a pool's connections work in the namespace. */
	abstract void use(HikariConfig config, String namespace);

	/** Make a connection work in the namespace. */
	abstract void use(Connection connection, String namespace) throws SQLException;

	@Override
	final void open(ExtensionContext context) {
		String url = serverUrl();
		String namespace = "jobs_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute(url, create(namespace));
		this.serverUrl = url;
		this.namespace = namespace;
		this.dataSource = newDataSource(10);
	}

	/**
	 * Drop the namespace and close the pools.
	 */
	@Override
	final void close() {
		this.pools.forEach(HikariDataSource::close);
		this.pools.clear();
		execute(this.serverUrl, drop(this.namespace));
		this.dataSource = null;
		this.namespace = null;
		this.serverUrl = null;
	}

	/**
	 * The server's JDBC URL, or the end of the test class when there is none.
	 */
	private String serverUrl() {
		String url = System.getenv(this.server.urlVariable());
		if (url != null && !url.isBlank()) {
			return url;
		}
		String fallback = fallbackUrl();
		if (fallback != null) {
			return fallback;
		}
		String message = "No " + this.server.name() + " for the tests: set " + this.server.urlVariable() + " (such as "
				+ this.server.exampleUrl() + ")";
		String required = "-D" + this.server.requirementProperty() + "=required makes this a failure";
		if ("required".equalsIgnoreCase(System.getProperty(this.server.requirementProperty(), "optional"))) {
			throw new IllegalStateException(message + "; " + required);
		}
		System.err.println();
		System.err.println("*** SKIPPING " + this.server.name().toUpperCase(java.util.Locale.ROOT) + " TESTS *** "
				+ message + " (" + required + ")");
		System.err.println();
		Assumptions.abort(message);
		throw new IllegalStateException("unreachable");
	}

	/**
	 * A pool whose connections work in this namespace.
	 * @return the shared pool (10 connections), closed with the database
	 */
	public DataSource dataSource() {
		assertOpen();
		return this.dataSource;
	}

	/**
	 * Another pool on this namespace, closed with the database.
	 * @param size the most connections
	 * @return the pool
	 */
	public HikariDataSource newDataSource(int size) {
		return newPool(size, (config) -> {
		});
	}

	/**
	 * Another pool on this namespace, configured further, closed with the database.
	 * @param size the most connections
	 * @param customizer sets what else the pool needs
	 * @return the pool
	 */
	final HikariDataSource newPool(int size, java.util.function.Consumer<HikariConfig> customizer) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(serverJdbcUrl());
		use(config, this.namespace);
		config.setMaximumPoolSize(size);
		config.setPoolName("jobs-test-" + this.namespace + "-" + this.pools.size());
		config.setConnectionTimeout(10_000);
		customizer.accept(config);
		HikariDataSource pool = new HikariDataSource(config);
		this.pools.add(pool);
		return pool;
	}

	/**
	 * The namespace's name, which the store calls its schema.
	 * @return the name
	 */
	public String schema() {
		assertOpen();
		return this.namespace;
	}

	/**
	 * The server's URL, as given (it does not name this namespace).
	 * @return the URL
	 */
	public String serverJdbcUrl() {
		assertOpen();
		return this.serverUrl;
	}

	/**
	 * A connection of its own, outside every pool, working in this namespace.
	 * @return the connection; the caller closes it
	 * @throws SQLException if the server cannot be reached
	 */
	public Connection openConnection() throws SQLException {
		Connection connection = DriverManager.getConnection(serverJdbcUrl());
		use(connection, this.namespace);
		return connection;
	}

	private void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"Could not run '" + sql + "' on the test " + this.server.name() + ": " + ex.getMessage(), ex);
		}
	}

}
