package dev.jobs.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import dev.jobs.JobsException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases the store runs on. Each has its own migrations and, where they differ,
 * its own SQL. PostgreSQL claims, completes and inserts whole batches with one statement
 * each (arrays and {@code unnest}); H2 and MariaDB, which have neither, lock and then
 * change rows in short transactions of plain statements.
 */
public enum Dialect {

	/** PostgreSQL 15 or later. */
	POSTGRESQL("PostgreSQL", "db/jobs/postgresql"),

	/** H2 2.x, for development and tests. */
	H2("H2", "db/jobs/h2"),

	/**
	 * MariaDB 10.6 or later (tested on 10.11), and MySQL 8.0 or later (not tested): the
	 * SQL is kept to what both servers accept.
	 */
	MARIADB("MariaDB", "db/jobs/mariadb");

	private static final Logger logger = LoggerFactory.getLogger(Dialect.class);

	private static final int TESTED_POSTGRESQL_MAJOR = 15;

	/** MariaDB 10.6 brought {@code SKIP LOCKED}, which the claim needs. */
	private static final int MARIADB_MINIMUM = 1006;

	/** MySQL 8.0 brought {@code SKIP LOCKED}. */
	private static final int MYSQL_MINIMUM_MAJOR = 8;

	private final String displayName;

	private final String migrationLocation;

	Dialect(String displayName, String migrationLocation) {
		this.displayName = displayName;
		this.migrationLocation = migrationLocation;
	}

	/**
	 * The dialect of a database, from its product name and version.
	 * @param metaData the database's metadata
	 * @return the dialect
	 * @throws JobsException for a database the store does not support
	 * @throws SQLException if the metadata cannot be read
	 */
	public static Dialect detect(DatabaseMetaData metaData) throws SQLException {
		String product = metaData.getDatabaseProductName();
		String version = metaData.getDatabaseProductVersion();
		int major = metaData.getDatabaseMajorVersion();
		if ("PostgreSQL".equalsIgnoreCase(product)) {
			if (major < TESTED_POSTGRESQL_MAJOR) {
				logger.warn("PostgreSQL {} is older than the {} the job store is tested on; upgrade if anything fails",
						version, TESTED_POSTGRESQL_MAJOR);
			}
			return POSTGRESQL;
		}
		if ("H2".equalsIgnoreCase(product)) {
			if (major < 2) {
				throw new JobsException("H2 " + version + " is not supported by the job store: use H2 2.x");
			}
			return H2;
		}
		if ("MariaDB".equalsIgnoreCase(product)) {
			if (major * 100 + metaData.getDatabaseMinorVersion() < MARIADB_MINIMUM) {
				throw new JobsException("MariaDB " + version + " is not supported by the job store: its claim needs "
						+ "SELECT ... FOR UPDATE SKIP LOCKED, which MariaDB has since 10.6; upgrade the server");
			}
			return MARIADB;
		}
		if ("MySQL".equalsIgnoreCase(product)) {
			if (major < MYSQL_MINIMUM_MAJOR) {
				throw new JobsException("MySQL " + version + " is not supported by the job store: its claim needs "
						+ "SELECT ... FOR UPDATE SKIP LOCKED, which MySQL has since 8.0; upgrade the server");
			}
			logger.warn("The job store's MariaDB dialect is written to run on MySQL {} too, but was tested on "
					+ "MariaDB only (see docs/jdbc.md)", version);
			return MARIADB;
		}
		throw new JobsException("Unsupported database '" + product + " " + version
				+ "' for the job store: jobs-jdbc supports PostgreSQL (" + TESTED_POSTGRESQL_MAJOR
				+ " or later), MariaDB (10.6 or later), MySQL (8.0 or later) and H2 (2.x); point the store at one of "
				+ "those, or use the memory store");
	}

	/**
	 * Where this dialect's Flyway migrations are on the classpath.
	 * @return the location, without the {@code classpath:} prefix
	 */
	public String migrationLocation() {
		return this.migrationLocation;
	}

	/**
	 * The name the database gives an unquoted identifier: PostgreSQL folds to lower case,
	 * H2 to upper case. MariaDB keeps the case, and on most systems its table names are
	 * case-sensitive: the store writes them in lower case. The store writes identifiers
	 * unquoted, so this is how they are found in the catalog.
	 * @param identifier an unquoted identifier
	 * @return the folded name
	 */
	String fold(String identifier) {
		return (this == H2) ? identifier.toUpperCase(Locale.ROOT) : identifier.toLowerCase(Locale.ROOT);
	}

	/**
	 * A data change statement that returns the changed rows' {@link JobRows#COLUMNS}:
	 * {@code RETURNING} on PostgreSQL, a {@code FINAL TABLE} on H2.
	 * @param dml an INSERT or UPDATE of the jobs table
	 * @return a statement to run with {@code executeQuery}
	 */
	String returningJobs(String dml) {
		return (this == H2) ? "SELECT " + JobRows.COLUMNS + " FROM FINAL TABLE (" + dml + ")"
				: dml + " RETURNING " + JobRows.COLUMNS;
	}

	/**
	 * A condition for the WHERE clause of a single-statement write that lets its commit
	 * return before the WAL is flushed ({@code synchronous_commit} off for that
	 * transaction only). An uncorrelated subquery, so it runs once, before the scan.
	 * @param waitForFlush whether the commit must wait (the server's setting applies)
	 * @return the condition with a leading {@code AND}, or empty
	 */
	String commitCondition(boolean waitForFlush) {
		return (this == POSTGRESQL && !waitForFlush)
				? " AND (SELECT set_config('synchronous_commit', 'off', true)) IS NOT NULL" : "";
	}

	/**
	 * A bind parameter holding JSON text, as the database's JSON column takes it.
	 * @return the parameter
	 */
	String jsonParameter() {
		return (this == POSTGRESQL) ? "CAST(? AS jsonb)" : "?";
	}

	/**
	 * The end of a query that keeps its first rows: {@code LIMIT} on MariaDB (MySQL has
	 * no {@code FETCH FIRST}), the standard form elsewhere.
	 * @return the clause with a leading space and one parameter, the row count
	 */
	String limit() {
		return (this == MARIADB) ? " LIMIT ?" : " FETCH FIRST ? ROWS ONLY";
	}

	/**
	 * Whether the failure is a unique constraint violation: SQLState 23505, or on MariaDB
	 * and MySQL error 1062 (whose SQLState, 23000, covers every integrity violation).
	 * @param ex the failure
	 * @return whether a unique index refused the row
	 */
	static boolean isUniqueViolation(SQLException ex) {
		return "23505".equals(ex.getSQLState()) || ("23000".equals(ex.getSQLState()) && ex.getErrorCode() == 1062);
	}

	/**
	 * Bind a time. PostgreSQL and H2 store it with its time zone; MariaDB's
	 * {@code DATETIME(6)} has none, so the store writes UTC there: as a local date-time,
	 * which the driver sends as it is (an offset date-time it would move into the JVM's
	 * zone, and nodes in different zones would disagree).
	 * @param statement the statement
	 * @param index the parameter
	 * @param instant the time, or {@code null}
	 * @throws SQLException if the driver refuses it
	 */
	void setInstant(PreparedStatement statement, int index, @Nullable Instant instant) throws SQLException {
		if (this == MARIADB) {
			if (instant == null) {
				statement.setNull(index, Types.TIMESTAMP);
			}
			else {
				statement.setObject(index, LocalDateTime.ofInstant(Jdbc.micros(instant), ZoneOffset.UTC));
			}
		}
		else if (instant == null) {
			statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
		}
		else {
			statement.setObject(index, OffsetDateTime.ofInstant(Jdbc.micros(instant), ZoneOffset.UTC));
		}
	}

	/**
	 * Read a time the store wrote with {@link #setInstant}.
	 * @param rows the result, on its row
	 * @param column the column
	 * @return the time, or {@code null}
	 * @throws SQLException if the column is not a time
	 */
	@Nullable Instant getInstant(ResultSet rows, String column) throws SQLException {
		if (this == MARIADB) {
			LocalDateTime value = rows.getObject(column, LocalDateTime.class);
			return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
		}
		OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	@Override
	public String toString() {
		return this.displayName;
	}

}
