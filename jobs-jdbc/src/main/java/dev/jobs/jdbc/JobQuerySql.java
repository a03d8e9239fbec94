package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

import dev.jobs.Job;

/**
 * Reads for people: one job. Pages of jobs are {@link JobFilterSql}'s, figures
 * {@link QueueFiguresSql}'s.
 */
final class JobQuerySql {

	private final Tables tables;

	JobQuerySql(Tables tables) {
		this.tables = tables;
	}

	Optional<Job> find(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT " + JobRows.COLUMNS + " FROM " + this.tables.jobs() + " WHERE id = ?")) {
			statement.setLong(1, id);
			return JobRows.query(statement, this.tables.dialect()).stream().findFirst();
		}
	}

}
