package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

/**
 * Empties a store's tables between tests.
 */
final class StoreTables {

	private StoreTables() {
	}

	static void empty(DataSource dataSource, JdbcJobStore store) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String table : List.of("jobs_dependencies", "jobs", "jobs_nodes", "jobs_leader", "jobs_queues",
					"jobs_cron", "jobs_limit_starts", "jobs_tags", "jobs_progress")) {
				statement.execute("DELETE FROM " + store.schema() + "." + store.tablePrefix() + table);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not empty the job store's tables", ex);
		}
	}

}
