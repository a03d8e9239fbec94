package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobsException;
import dev.jobs.store.JobInsert;
import org.jspecify.annotations.Nullable;

/**
 * Enqueue on MariaDB, which has neither arrays nor {@code RETURNING} on every server the
 * dialect accepts. Rows of one multi-row INSERT take consecutive ids (InnoDB draws them
 * as one block for an insert whose row count it knows, whatever its
 * {@code innodb_autoinc_lock_mode}), and the driver hands back the first. A unique job
 * goes in alone, with INSERT IGNORE: a taken key inserts no row, with neither an error
 * (which the driver would log) nor harm to the caller's transaction. IGNORE would also
 * cut over-long text: lengths are checked first.
 */
final class MariaDbInsertSql {

	/**
	 * Rows per INSERT: ten parameters each, far below the server's limit of 65,535 and
	 * its default packet size.
	 */
	static final int CHUNK = 1000;

	/** The MariaDB schema's VARCHAR length for queue, kind and unique key. */
	private static final int TEXT_LENGTH = 255;

	private final Tables tables;

	private final long idStep;

	private final String insertColumns;

	private final String insertValues = "(?, ?, ?, ?, ?, 0, ?, ?, ?, '[]', ?, ?, FALSE)";

	private final String insertOne;

	MariaDbInsertSql(Tables tables, long idStep, String insertColumns) {
		this.tables = tables;
		this.idStep = idStep;
		this.insertColumns = insertColumns;
		this.insertOne = "INSERT IGNORE INTO " + tables.jobs() + " (" + insertColumns + ") VALUES " + this.insertValues;
	}

	/**
	 * No unique key in the batch: multi-row INSERTs of up to {@link #CHUNK} rows.
	 */
	List<Job> insertRows(Connection connection, List<JobInsert> jobs, Instant now) throws SQLException {
		List<Job> stored = new ArrayList<>(jobs.size());
		for (int from = 0; from < jobs.size(); from += CHUNK) {
			List<JobInsert> chunk = jobs.subList(from, Math.min(jobs.size(), from + CHUNK));
			String sql = "INSERT INTO " + this.tables.jobs() + " (" + this.insertColumns + ") VALUES "
					+ String.join(", ", Collections.nCopies(chunk.size(), this.insertValues));
			try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
				int index = 1;
				for (JobInsert job : chunk) {
					index = bindRow(statement, index, job, now);
				}
				int inserted = statement.executeUpdate();
				if (inserted != chunk.size()) {
					throw new SQLException("Inserted " + inserted + " of " + chunk.size() + " jobs");
				}
				try (ResultSet keys = statement.getGeneratedKeys()) {
					if (!keys.next()) {
						throw new SQLException("Inserting " + chunk.size() + " jobs returned no id");
					}
					long id = keys.getLong(1);
					for (JobInsert job : chunk) {
						stored.add(inserted(id, job, now));
						id += this.idStep;
					}
				}
			}
		}
		return stored;
	}

	/**
	 * MariaDB: row by row, each with its generated id; a taken key inserts no row.
	 */
	List<Integer> insertEach(Connection connection, List<JobInsert> jobs, List<Integer> pending, Instant now,
			Job[] stored) throws SQLException {
		List<Integer> conflicted = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(this.insertOne,
				Statement.RETURN_GENERATED_KEYS)) {
			for (int index : pending) {
				JobInsert job = jobs.get(index);
				requireFits(job);
				bindRow(statement, 1, job, now);
				if (statement.executeUpdate() == 0) {
					conflicted.add(index);
					continue;
				}
				try (ResultSet keys = statement.getGeneratedKeys()) {
					if (!keys.next()) {
						throw new SQLException("Inserting a job returned no id");
					}
					stored[index] = inserted(keys.getLong(1), job, now);
				}
			}
		}
		return conflicted;
	}

	private static void requireFits(JobInsert job) {
		requireFits("queue", job.queue());
		requireFits("kind", job.kind());
		requireFits("uniqueKey", job.uniqueKey());
	}

	private static void requireFits(String what, @Nullable String value) {
		if (value != null && value.codePointCount(0, value.length()) > TEXT_LENGTH) {
			throw new JobsException("The job's " + what + " is " + value.codePointCount(0, value.length())
					+ " characters long; the MariaDB store keeps at most " + TEXT_LENGTH + ": '"
					+ value.substring(0, 40) + "...'");
		}
	}

	private int bindRow(PreparedStatement statement, int first, JobInsert job, Instant now) throws SQLException {
		statement.setString(first, job.queue());
		statement.setString(first + 1, job.kind());
		statement.setString(first + 2, job.args());
		statement.setInt(first + 3, InsertSql.initialState(job, now).code());
		statement.setInt(first + 4, job.priority());
		statement.setInt(first + 5, job.maxAttempts());
		Dialect.MARIADB.setInstant(statement, first + 6, now);
		Dialect.MARIADB.setInstant(statement, first + 7, job.scheduledAt());
		statement.setString(first + 8, job.uniqueKey());
		InsertSql.setMillis(statement, first + 9, job.timeout());
		return first + 10;
	}

	/**
	 * A job as inserted: its request, its id, and what the insert set. The args column
	 * keeps the text as given, so the request's args are the stored ones.
	 */
	private static Job inserted(long id, JobInsert job, Instant now) {
		Long timeout = InsertSql.millis(job.timeout());
		return new Job(id, job.queue(), job.kind(), job.args(), InsertSql.initialState(job, now), job.priority(), 0,
				job.maxAttempts(), now, Jdbc.micros(job.scheduledAt()), null, null, null, List.of(), job.uniqueKey(),
				(timeout != null) ? Duration.ofMillis(timeout) : null, false);
	}

}
