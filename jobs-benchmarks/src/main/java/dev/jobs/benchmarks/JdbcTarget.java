package dev.jobs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.benchmarks.Options.StoreKind;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;

/**
 * A JDBC store on a schema of its own: a freshly created PostgreSQL schema or MariaDB
 * database with a random name (dropped at the end, since other builds share the server),
 * or an H2 file database in a temporary directory (deleted at the end).
 */
final class JdbcTarget implements Target {

	/**
	 * Enough for 32 enqueuing threads next to the engine's producer, completer,
	 * maintenance and notifier.
	 */
	static final int POOL_SIZE = 40;

	private final StoreKind kind;

	private final HikariDataSource dataSource;

	private final JdbcJobStore store;

	private final JdbcTables tables;

	private final @Nullable Path h2Directory;

	private final @Nullable String postgresUrl;

	private final @Nullable String mariadbUrl;

	private JdbcTarget(StoreKind kind, HikariDataSource dataSource, String schema, @Nullable Path h2Directory,
			@Nullable String postgresUrl, @Nullable String mariadbUrl, boolean engineSynchronousCommit) {
		this.kind = kind;
		this.dataSource = dataSource;
		this.h2Directory = h2Directory;
		this.postgresUrl = postgresUrl;
		this.mariadbUrl = mariadbUrl;
		this.store = JdbcJobStore.builder(dataSource)
			.schema(schema)
			.migrate(true)
			.engineSynchronousCommit(engineSynchronousCommit)
			.build();
		this.tables = new JdbcTables(dataSource, this.store.dialect(), this.store.schema(), this.store.tablePrefix(),
				postgresUrl);
	}

	/**
	 * A store on a new schema of a PostgreSQL database.
	 * @param url the database
	 * @param engineSynchronousCommit whether claims and outcomes wait for the WAL flush
	 * @return the target
	 */
	static JdbcTarget postgres(String url, boolean engineSynchronousCommit) {
		String schema = create(url, "SCHEMA", "PostgreSQL", "pass --jdbc-url or set " + Options.JDBC_URL_VARIABLE
				+ ", or leave PostgreSQL out with --store memory --store h2");
		System.err.println("   PostgreSQL schema " + schema + " at " + url);
		return new JdbcTarget(StoreKind.POSTGRES, pool(url, "postgres", null), schema, null, url, null,
				engineSynchronousCommit);
	}

	/**
	 * Create a schema (or database) with a random name for one run.
	 * @return its name
	 */
	private static String create(String url, String what, String server, String hint) {
		String name = "jobs_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE " + what + " " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"Cannot reach " + server + " at " + url + " (" + ex.getMessage() + "); " + hint, ex);
		}
		return name;
	}

	/**
	 * A store in a new database of a MariaDB server.
	 * @param url the server, with a user that may create databases
	 * @return the target
	 */
	static JdbcTarget mariadb(String url) {
		String database = create(url, "DATABASE", "MariaDB",
				"pass --mariadb-url or set " + Options.MARIADB_URL_VARIABLE + ", or leave MariaDB out");
		System.err.println("   MariaDB database " + database + " at " + url);
		return new JdbcTarget(StoreKind.MARIADB, pool(url, "mariadb", database), database, null, null, url, false);
	}

	/**
	 * A store in a new H2 file database.
	 * @return the target
	 */
	static JdbcTarget h2() {
		try {
			Path directory = Files.createTempDirectory("jobs-bench-h2");
			HikariDataSource dataSource = pool("jdbc:h2:file:" + directory.resolve("bench") + ";DB_CLOSE_DELAY=-1",
					"h2", null);
			try (Connection connection = dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE SCHEMA jobs_bench");
			}
			return new JdbcTarget(StoreKind.H2, dataSource, "jobs_bench", directory, null, null, false);
		}
		catch (IOException | SQLException ex) {
			throw new IllegalStateException("Cannot create the H2 database: " + ex.getMessage(), ex);
		}
	}

	private static HikariDataSource pool(String url, String name, @Nullable String catalog) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		if (catalog != null) {
			config.setCatalog(catalog);
		}
		// A fixed size (Hikari's minimum idle defaults to the maximum): no variant pays
		// for opening connections while it is timed.
		config.setMaximumPoolSize(POOL_SIZE);
		config.setPoolName("bench-" + name);
		if (url.startsWith("jdbc:postgresql:")) {
			// So that the cost scenario finds the server processes that work for it.
			config.addDataSourceProperty("ApplicationName", JdbcTables.APPLICATION_NAME);
		}
		return new HikariDataSource(config);
	}

	@Override
	public StoreKind kind() {
		return this.kind;
	}

	@Override
	public JobStore store() {
		return this.store;
	}

	@Override
	public void reset() {
		this.tables.truncate();
	}

	@Override
	public Optional<JdbcTables> jdbc() {
		return Optional.of(this.tables);
	}

	@Override
	public void close() {
		this.store.close();
		this.dataSource.close();
		if (this.postgresUrl != null) {
			try (Connection connection = DriverManager.getConnection(this.postgresUrl);
					Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA " + this.tables.schema() + " CASCADE");
			}
			catch (SQLException ex) {
				System.err.println("Could not drop schema " + this.tables.schema() + ": " + ex.getMessage());
			}
		}
		if (this.mariadbUrl != null) {
			try (Connection connection = DriverManager.getConnection(this.mariadbUrl);
					Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE " + this.tables.schema());
			}
			catch (SQLException ex) {
				System.err.println("Could not drop database " + this.tables.schema() + ": " + ex.getMessage());
			}
		}
		if (this.h2Directory != null) {
			try (Stream<Path> files = Files.walk(this.h2Directory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				System.err.println("Could not delete " + this.h2Directory + ": " + ex.getMessage());
			}
		}
	}

	@Override
	public String toString() {
		return this.kind.cliName().toLowerCase(Locale.ROOT) + " " + this.tables.jobs();
	}

}
