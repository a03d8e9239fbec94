package dev.jobs.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

import javax.sql.DataSource;

import dev.jobs.jdbc.Dialect;
import org.jspecify.annotations.Nullable;

/**
 * Where a JDBC store keeps its jobs: enough for the raw-SQL reference to work on the very
 * same table, and for the harness to empty and analyze it.
 *
 * @param dataSource the database
 * @param dialect the database
 * @param schema the schema
 * @param prefix the table prefix
 * @param postgresUrl the PostgreSQL URL, for connections outside the pool (null on H2)
 */
record JdbcTables(DataSource dataSource, Dialect dialect, String schema, String prefix, @Nullable String postgresUrl) {

	/** The PostgreSQL application name of the harness's own connections. */
	static final String APPLICATION_NAME = "jobs-bench";

	JdbcTables {
		Objects.requireNonNull(dataSource, "dataSource must not be null");
		Objects.requireNonNull(dialect, "dialect must not be null");
		Objects.requireNonNull(schema, "schema must not be null");
		Objects.requireNonNull(prefix, "prefix must not be null");
		if (dialect == Dialect.POSTGRESQL && postgresUrl == null) {
			throw new IllegalArgumentException("postgresUrl must not be null on PostgreSQL");
		}
	}

	boolean postgres() {
		return this.dialect == Dialect.POSTGRESQL;
	}

	boolean mariadb() {
		return this.dialect == Dialect.MARIADB;
	}

	/**
	 * A time as the store binds it: with its offset, or on MariaDB as a UTC local
	 * date-time for its {@code DATETIME(6)} columns.
	 * @param instant the time
	 * @return the value for {@code setObject}
	 */
	Object time(Instant instant) {
		return mariadb() ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
				: OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * The type in which a time column is read, as the store reads it.
	 * @return the class for {@code getObject}
	 */
	Class<?> timeType() {
		return mariadb() ? LocalDateTime.class : OffsetDateTime.class;
	}

	String jobs() {
		return this.schema + "." + this.prefix + "jobs";
	}

	String table(String suffix) {
		return this.schema + "." + this.prefix + "jobs_" + suffix;
	}

	/**
	 * A connection for the JDBC batch insert of the reference, outside the pool: on
	 * PostgreSQL it has {@code reWriteBatchedInserts=true}, as a user inserting in bulk
	 * would set (the driver then sends a batch as multi-row inserts rather than one
	 * statement per row); on H2, which has no such setting, a pooled one.
	 * @return a connection in auto-commit mode, for the caller to close
	 */
	Connection batchConnection() throws SQLException {
		if (this.postgresUrl == null) {
			return this.dataSource.getConnection();
		}
		// Last, so that it wins over the same parameter in the URL.
		String separator = this.postgresUrl.contains("?") ? "&" : "?";
		return DriverManager.getConnection(
				this.postgresUrl + separator + "reWriteBatchedInserts=true&ApplicationName=" + APPLICATION_NAME);
	}

	/**
	 * Empty every table of the store.
	 */
	void truncate() {
		// The tables that reference jobs first: MariaDB and H2 refuse to truncate a table
		// that a foreign key references, so their checks are off while it is emptied.
		String[] tables = { table("tags"), table("progress"), jobs(), table("nodes"), table("leader"), table("queues"),
				table("cron") };
		if (postgres()) {
			execute("TRUNCATE " + String.join(", ", tables));
			return;
		}
		java.util.List<String> statements = new java.util.ArrayList<>();
		statements.add(mariadb() ? "SET FOREIGN_KEY_CHECKS = 0" : "SET REFERENTIAL_INTEGRITY FALSE");
		java.util.Arrays.stream(tables).map((table) -> "TRUNCATE TABLE " + table).forEach(statements::add);
		statements.add(mariadb() ? "SET FOREIGN_KEY_CHECKS = 1" : "SET REFERENTIAL_INTEGRITY TRUE");
		execute(statements.toArray(String[]::new));
	}

	/**
	 * Delete every job, leaving the nodes and the leader lease of a running cluster
	 * alone.
	 */
	void deleteJobs() {
		execute("DELETE FROM " + jobs());
		// What autovacuum would do soon after (it is off on the test server): without
		// it, every claim walks the deleted jobs' dead entries at the claim index's head.
		vacuum();
	}

	/**
	 * Vacuum and analyze the jobs table, as autovacuum would (PostgreSQL only).
	 */
	void vacuum() {
		if (postgres()) {
			execute("VACUUM (ANALYZE) " + jobs());
		}
	}

	/**
	 * Whether this is a PostgreSQL server with autovacuum off, where nothing cleans a
	 * table unless someone runs {@code VACUUM} (the engine's leader does for its own).
	 * @return whether autovacuum is off
	 */
	boolean autovacuumOff() {
		if (!postgres()) {
			return false;
		}
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				java.sql.ResultSet rows = statement.executeQuery("SHOW autovacuum")) {
			return rows.next() && "off".equals(rows.getString(1));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the server's autovacuum setting: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Refresh the planner's statistics after a bulk insert, as autovacuum would a little
	 * later, so that the store and the reference both run on a table the planner knows.
	 */
	void analyze() {
		execute(postgres() ? "ANALYZE " + jobs() : "ANALYZE TABLE " + jobs());
	}

	/**
	 * The jobs table's size on disk, with its indexes and TOAST (PostgreSQL only).
	 * @return the size in bytes
	 */
	long jobsTableBytes() {
		return queryLong("SELECT pg_total_relation_size('" + jobs() + "')");
	}

	long count(String where) {
		return queryLong("SELECT count(*) FROM " + jobs() + " WHERE " + where);
	}

	private long queryLong(String sql) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				java.sql.ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + sql + ": " + ex.getMessage(), ex);
		}
	}

	void execute(String... statements) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(true);
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run " + String.join("; ", statements) + ": " + ex.getMessage(),
					ex);
		}
	}

}
