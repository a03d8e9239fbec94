package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import dev.jobs.JobsException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store's tables up to date with the library's own Flyway migrations and
 * history table, or, with migrations off, checks that they exist.
 */
final class SchemaSetup {

	private static final Logger logger = LoggerFactory.getLogger(SchemaSetup.class);

	private SchemaSetup() {
	}

	/**
	 * Run the migrations of the tables' dialect. The history table is the store's own, so
	 * the application's migrations are not touched; a schema that already holds the
	 * application's tables is baselined below version 1, so every migration still runs.
	 * @param dataSource the database
	 * @param tables the schema and prefix
	 */
	static void migrate(DataSource dataSource, Tables tables) {
		try {
			MigrateResult result = flyway(dataSource, tables).load().migrate();
			if (result.migrationsExecuted > 0) {
				logger.info("Job store schema {} in {} migrated to version {}", tables.prefix() + "jobs",
						tables.schema(), result.targetSchemaVersion);
			}
		}
		catch (FlywayException ex) {
			throw new JobsException("Could not migrate the job store's tables in schema '" + tables.schema() + "': "
					+ ex.getMessage() + "; fix the cause, or turn migrations off (migrate(false), in Spring Boot "
					+ "jobs.jdbc.migrate=false) and create the tables yourself from docs/schema", ex);
		}
	}

	/**
	 * The Flyway configuration of the store's migrations; the upgrade tests stop it at an
	 * earlier version with {@code target}.
	 * @param dataSource the database
	 * @param tables the schema and prefix
	 * @return the configuration, not yet loaded
	 */
	static FluentConfiguration flyway(DataSource dataSource, Tables tables) {
		return Flyway.configure(SchemaSetup.class.getClassLoader())
			.dataSource(dataSource)
			.locations("classpath:" + tables.dialect().migrationLocation())
			.schemas(tables.schema())
			.defaultSchema(tables.schema())
			.table(tables.historyTable())
			.placeholders(Map.of("schema", tables.schema(), "prefix", tables.prefix()))
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.baselineDescription("jobs baseline");
	}

	/**
	 * Check that every table exists, for a store whose migrations are off.
	 * @param connection a connection to the database
	 * @param tables the schema and prefix
	 * @throws JobsException naming the first missing table and the switch that creates it
	 */
	static void verify(Connection connection, Tables tables) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		for (String table : tables.all()) {
			if (!exists(metaData, tables, table)) {
				throw new JobsException("The job store's table '" + tables.schema() + "." + table
						+ "' does not exist and migrations are off. Turn them on with "
						+ "JdbcJobStore.builder(dataSource).migrate(true) (in Spring Boot: jobs.jdbc.migrate=true), "
						+ "or create the tables with the SQL in docs/schema/" + tables.dialect().name().toLowerCase()
						+ ".sql");
			}
		}
	}

	private static boolean exists(DatabaseMetaData metaData, Tables tables, String table) throws SQLException {
		// MariaDB's schema is a database, which JDBC calls a catalog.
		boolean catalog = tables.dialect() == Dialect.MARIADB;
		String schema = tables.schema();
		try (ResultSet rows = catalog ? metaData.getTables(schema, null, table, null)
				: metaData.getTables(null, schema, table, null)) {
			while (rows.next()) {
				// The name is a LIKE pattern in which '_' matches any character.
				if (table.equals(rows.getString("TABLE_NAME"))
						&& schema.equals(rows.getString(catalog ? "TABLE_CAT" : "TABLE_SCHEM"))) {
					return true;
				}
			}
			return false;
		}
	}

}
