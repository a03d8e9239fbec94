package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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

	/**
	 * A {@code DATETIME(6)} literal in UTC, as the schema keeps times; the insert's
	 * {@code now} is already cut to microseconds.
	 */
	private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	/** The MariaDB schema's VARCHAR length for queue, kind and unique key. */
	private static final int TEXT_LENGTH = 255;

	private final Tables tables;

	private final long idStep;

	private final String insertColumns;

	private final String insertValues = "(?, ?, ?, ?, ?, 0, ?, ?, ?, '[]', ?, ?, FALSE)";

	private final String insertOne;

	/**
	 * The start of a multi-row insert: only the columns a new job without a unique key
	 * sets. The others (attempt, errors, unique key, cancel request and the later
	 * versions' columns) take their defaults, so the server parses and converts 9 values
	 * per row instead of 13: the server's share is most of the insert's time.
	 */
	private final String insertRowsStart;

	/** The parameters of one row of {@link #insertRowsStart}. */
	private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";

	/**
	 * The statement of a full chunk, built once: 1,000 rows are 30 KB of SQL, which the
	 * driver parses again for each statement anyway, but need not be joined each time.
	 */
	private final String insertFullChunk;

	MariaDbInsertSql(Tables tables, long idStep, String insertColumns) {
		this.tables = tables;
		this.idStep = idStep;
		this.insertColumns = insertColumns;
		this.insertOne = "INSERT IGNORE INTO " + tables.jobs() + " (" + insertColumns + ") VALUES " + this.insertValues;
		this.insertRowsStart = "INSERT INTO " + tables.jobs()
				+ " (queue, kind, args, state, priority, max_attempts, inserted_at, scheduled_at, timeout_ms) VALUES ";
		this.insertFullChunk = insertRows(CHUNK);
	}

	private String insertRows(int rows) {
		StringBuilder sql = new StringBuilder(this.insertRowsStart.length() + rows * (ROW.length() + 2));
		sql.append(this.insertRowsStart).append(ROW);
		for (int i = 1; i < rows; i++) {
			sql.append(", ").append(ROW);
		}
		return sql.toString();
	}

	/**
	 * No unique key in the batch: multi-row INSERTs of up to {@link #CHUNK} rows.
	 */
	List<Job> insertRows(Connection connection, List<JobInsert> jobs, Instant now) throws SQLException {
		List<Job> stored = new ArrayList<>(jobs.size());
		String nowText = DATETIME.format(now);
		for (int from = 0; from < jobs.size(); from += CHUNK) {
			List<JobInsert> chunk = jobs.subList(from, Math.min(jobs.size(), from + CHUNK));
			String sql = (chunk.size() == CHUNK) ? this.insertFullChunk : insertRows(chunk.size());
			try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
				int index = 1;
				for (JobInsert job : chunk) {
					requireFits(job);
					index = bindNewRow(statement, index, job, now, nowText);
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
		// A string's code points are never more than its chars: most values need no
		// count.
		if (value != null && value.length() > TEXT_LENGTH && value.codePointCount(0, value.length()) > TEXT_LENGTH) {
			throw new JobsException("The job's " + what + " is " + value.codePointCount(0, value.length())
					+ " characters long; the MariaDB store keeps at most " + TEXT_LENGTH + ": '"
					+ value.substring(0, 40) + "...'");
		}
	}

	/**
	 * Bind a row of {@link #insertRowsStart}: no unique key, and the defaults for what a
	 * new job does not set. Times go as the text the driver would send for a
	 * {@code LocalDateTime} (the server reads the same literal either way), so that the
	 * insert's time is formatted once, not twice per row.
	 */
	private static int bindNewRow(PreparedStatement statement, int first, JobInsert job, Instant now, String nowText)
			throws SQLException {
		Instant scheduledAt = Jdbc.micros(job.scheduledAt());
		statement.setString(first, job.queue());
		statement.setString(first + 1, job.kind());
		statement.setString(first + 2, job.args());
		statement.setInt(first + 3, InsertSql.initialState(job, now).code());
		statement.setInt(first + 4, job.priority());
		statement.setInt(first + 5, job.maxAttempts());
		statement.setString(first + 6, nowText);
		statement.setString(first + 7, scheduledAt.equals(now) ? nowText : DATETIME.format(scheduledAt));
		InsertSql.setMillis(statement, first + 8, job.timeout());
		return first + 9;
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
