package dev.jobs.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

import dev.jobs.JobsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases the store runs on. Each has its own migrations and, where they differ,
 * its own SQL: PostgreSQL claims, completes and inserts whole batches with one statement
 * each (arrays and {@code unnest}); H2 uses short transactions of simple statements.
 */
public enum Dialect {

	/** PostgreSQL 15 or later. */
	POSTGRESQL("PostgreSQL", "db/jobs/postgresql"),

	/** H2 2.x, for development and tests. */
	H2("H2", "db/jobs/h2");

	private static final Logger logger = LoggerFactory.getLogger(Dialect.class);

	private static final int TESTED_POSTGRESQL_MAJOR = 15;

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
		throw new JobsException("Unsupported database '" + product + " " + version
				+ "' for the job store: jobs-jdbc supports PostgreSQL (" + TESTED_POSTGRESQL_MAJOR
				+ " or later) and H2 (2.x); point the store at one of those, or use the memory store");
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
	 * H2 to upper case. The store writes identifiers unquoted, so this is how they are
	 * found in the catalog.
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
		return (this == H2) ? "?" : "CAST(? AS jsonb)";
	}

	@Override
	public String toString() {
		return this.displayName;
	}

}
