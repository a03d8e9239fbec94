package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
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
 * cut over-long text, and a lax {@code sql_mode} would cut it anywhere: lengths are
 * checked first on both paths.
 */
final class MariaDbInsertSql {

	/**
	 * Rows per multi-row INSERT at most: statements of 200, 250 or 500 rows were not
	 * measurably faster (see docs/performance.md, MariaDB).
	 */
	static final int CHUNK = 1000;

	/**
	 * A {@code DATETIME(6)} literal in UTC, as the schema keeps times; the insert's
	 * {@code now} is already cut to microseconds.
	 */
	private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	/**
	 * The most characters of a row of a multi-row insert besides its text: three
	 * hexadecimal literals' quotes, numbers, two times and separators.
	 */
	private static final int ROW_CHARS = 128;

	/**
	 * A multi-row insert ends after the row that takes it to this many characters, well
	 * under the servers' default {@code max_allowed_packet} (16 MB on MariaDB 10.6+, 64
	 * MB on MySQL 8), so that large args split a batch rather than fail it.
	 */
	static final int STATEMENT_CHARS = 4 * 1024 * 1024;

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

	MariaDbInsertSql(Tables tables, long idStep, String insertColumns) {
		this.tables = tables;
		this.idStep = idStep;
		this.insertColumns = insertColumns;
		this.insertOne = "INSERT IGNORE INTO " + tables.jobs() + " (" + insertColumns + ") VALUES " + this.insertValues;
		this.insertRowsStart = "INSERT INTO " + tables.jobs()
				+ " (queue, kind, args, state, priority, max_attempts, inserted_at, scheduled_at, timeout_ms) VALUES ";
	}

	/**
	 * Whether a batch without unique keys goes in one statement, atomic by itself: at
	 * most {@link #CHUNK} rows, and SQL that stays under {@link #STATEMENT_CHARS} even if
	 * every character of its text took three bytes (six hexadecimal digits).
	 * @param jobs the batch
	 * @return whether {@link #insertRows} sends one statement
	 */
	boolean oneStatement(List<JobInsert> jobs) {
		if (jobs.size() > CHUNK) {
			return false;
		}
		long chars = this.insertRowsStart.length();
		for (JobInsert job : jobs) {
			chars += ROW_CHARS + 6L * (job.queue().length() + job.kind().length() + job.args().length());
		}
		return chars < STATEMENT_CHARS;
	}

	/**
	 * No unique key in the batch: multi-row INSERTs of up to {@link #CHUNK} rows and
	 * about {@link #STATEMENT_CHARS} characters each.
	 */
	List<Job> insertRows(Connection connection, List<JobInsert> jobs, Instant now) throws SQLException {
		List<Job> stored = new ArrayList<>(jobs.size());
		String nowText = DATETIME.format(now);
		StringBuilder sql = new StringBuilder(
				this.insertRowsStart.length() + Math.min(jobs.size(), CHUNK) * (ROW_CHARS + 60));
		int first = 0;
		for (int i = 0; i < jobs.size(); i++) {
			JobInsert job = jobs.get(i);
			requireFits(job);
			sql.append((i == first) ? this.insertRowsStart : ",");
			appendRow(sql, job, now, nowText);
			if (i + 1 == jobs.size() || i + 1 - first == CHUNK || sql.length() >= STATEMENT_CHARS) {
				List<JobInsert> rows = jobs.subList(first, i + 1);
				long id = insert(connection, sql.toString(), rows.size());
				for (JobInsert row : rows) {
					stored.add(inserted(id, row, now));
					id += this.idStep;
				}
				sql.setLength(0);
				first = i + 1;
			}
		}
		return stored;
	}

	/**
	 * Run one multi-row insert.
	 * @return the first row's id
	 */
	private static long insert(Connection connection, String sql, int rows) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			int inserted = statement.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
			if (inserted != rows) {
				throw new SQLException("Inserted " + inserted + " of " + rows + " jobs");
			}
			try (ResultSet keys = statement.getGeneratedKeys()) {
				if (!keys.next()) {
					throw new SQLException("Inserting " + rows + " jobs returned no id");
				}
				return keys.getLong(1);
			}
		}
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
	 * Append a row of {@link #insertRowsStart} as literals: the text as hexadecimal
	 * literals of its UTF-8 bytes, which need no escaping whatever the server's
	 * {@code sql_mode} (NO_BACKSLASH_ESCAPES or not) and cannot end early, so nothing a
	 * job carries can become SQL; numbers, and times as {@code DATETIME(6)} text that the
	 * store formats itself. Binding 9,000 parameters instead made the driver format each
	 * one, and it was most of the Java side of the insert.
	 */
	private static void appendRow(StringBuilder sql, JobInsert job, Instant now, String nowText) {
		Instant scheduledAt = Jdbc.micros(job.scheduledAt());
		Long timeout = InsertSql.millis(job.timeout());
		sql.append('(');
		appendHex(sql, job.queue());
		sql.append(',');
		appendHex(sql, job.kind());
		sql.append(',');
		appendHex(sql, job.args());
		sql.append(',')
			.append(InsertSql.initialState(job, now).code())
			.append(',')
			.append(job.priority())
			.append(',')
			.append(job.maxAttempts())
			.append(",'")
			.append(nowText)
			.append("','")
			.append(scheduledAt.equals(now) ? nowText : DATETIME.format(scheduledAt))
			.append("',")
			.append((timeout != null) ? timeout.toString() : "NULL")
			.append(')');
	}

	private static void appendHex(StringBuilder sql, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		sql.append("X'");
		for (byte b : bytes) {
			sql.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
		}
		sql.append('\'');
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
