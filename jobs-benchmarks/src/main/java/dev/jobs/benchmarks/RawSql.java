package dev.jobs.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.jobs.JobState;
import dev.jobs.engine.ClientConfig;

/**
 * The statements of the raw-SQL reference, by hand in plain JDBC on the store's own
 * table. The drain uses the store's own claim (one statement on PostgreSQL:
 * {@code UPDATE ... WHERE id = ANY(ARRAY(SELECT ... FOR UPDATE SKIP LOCKED LIMIT n))
 * RETURNING ...}) and batched completion ({@code UPDATE ... FROM unnest(...)}). H2 has
 * neither the one-statement claim nor {@code UPDATE ... FROM}: there the claim locks then
 * marks in one short transaction and the completion is one
 * {@code UPDATE ... WHERE id = ANY(?)}. MariaDB has neither either, nor arrays: the same
 * as H2 with {@code id IN (...)} lists, and the claim ordered by the stored negated
 * priority as the store orders it. The insert is not the store's: it is what a user would
 * write by hand to add a row with the same columns, a plain {@code INSERT ... VALUES}
 * without a notification, so that enqueue is measured against the database's own limit
 * rather than against the store's choices.
 */
final class RawSql {

	static final String COLUMNS = "id, queue, kind, args, state, priority, attempt, max_attempts, inserted_at, "
			+ "scheduled_at, attempted_at, attempted_by, finished_at, errors, unique_key, timeout_ms, cancel_requested";

	private static final String NODE = "raw-sql";

	private final JdbcTables tables;

	private final String claim;

	private final String claimLock;

	private final String claimMark;

	private final String claimRead;

	private final String completeBatch;

	private final String completeOne;

	private final String insertOne;

	RawSql(JdbcTables tables) {
		this.tables = tables;
		String jobs = tables.jobs();
		String order = tables.mariadb() ? "ORDER BY negated_priority, scheduled_at, id"
				: "ORDER BY priority DESC, scheduled_at, id";
		this.claim = "UPDATE " + jobs + " SET state = 1, attempt = attempt + 1, attempted_at = ?, attempted_by = ? "
				+ "WHERE id = ANY(ARRAY(SELECT id FROM " + jobs + " WHERE state = 0 AND queue = ? " + order
				+ " LIMIT ? FOR UPDATE SKIP LOCKED)) RETURNING " + COLUMNS;
		this.claimLock = "SELECT id FROM " + jobs + " WHERE state = 0 AND queue = ? " + order
				+ (tables.mariadb() ? " LIMIT ?" : " FETCH FIRST ? ROWS ONLY") + " FOR UPDATE SKIP LOCKED";
		// Followed by "= ANY(?)", or on MariaDB an IN list.
		this.claimMark = "UPDATE " + jobs
				+ " SET state = 1, attempt = attempt + 1, attempted_at = ?, attempted_by = ? WHERE id ";
		this.claimRead = "SELECT " + COLUMNS + " FROM " + jobs + " WHERE id ";
		this.completeBatch = tables.postgres()
				? "UPDATE " + jobs + " j SET state = c.state, finished_at = c.finished_at "
						+ "FROM unnest(CAST(? AS bigint[]), CAST(? AS smallint[]), CAST(? AS timestamptz[])) "
						+ "AS c(id, state, finished_at) WHERE j.id = c.id AND j.state = 1"
				: "UPDATE " + jobs + " SET state = 2, finished_at = ? WHERE state = 1 AND id ";
		this.completeOne = "UPDATE " + jobs + " SET state = 2, finished_at = ? WHERE id = ? AND state = 1";
		// What a user would write by hand: the columns the store fills, no notification.
		this.insertOne = "INSERT INTO " + jobs + " (queue, kind, args, state, priority, attempt, max_attempts, "
				+ "inserted_at, scheduled_at, errors, unique_key, timeout_ms, cancel_requested) VALUES (?, ?, "
				+ (tables.postgres() ? "CAST(? AS jsonb)" : "?") + ", ?, ?, 0, ?, ?, ?, '[]', ?, ?, FALSE)";
	}

	/**
	 * Claim up to {@code limit} available jobs and read them as the store would.
	 * @param connection a connection in auto-commit mode
	 * @param limit the most jobs
	 * @return the claimed ids
	 */
	long[] claim(Connection connection, int limit) throws SQLException {
		Instant now = Instant.now();
		if (this.tables.postgres()) {
			try (PreparedStatement statement = connection.prepareStatement(this.claim)) {
				statement.setObject(1, this.tables.time(now));
				statement.setString(2, NODE);
				statement.setString(3, Probe.QUEUE);
				statement.setInt(4, limit);
				return readJobs(statement);
			}
		}
		connection.setAutoCommit(false);
		try {
			List<Long> ids = new ArrayList<>(limit);
			try (PreparedStatement statement = connection.prepareStatement(this.claimLock)) {
				statement.setString(1, Probe.QUEUE);
				statement.setInt(2, limit);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						ids.add(rows.getLong(1));
					}
				}
			}
			long[] claimed = new long[0];
			if (!ids.isEmpty()) {
				try (PreparedStatement statement = connection.prepareStatement(this.claimMark + ids(ids.size()))) {
					statement.setObject(1, this.tables.time(now));
					statement.setString(2, NODE);
					bindIds(connection, statement, 3, ids.toArray(Long[]::new));
					statement.executeUpdate();
				}
				try (PreparedStatement statement = connection.prepareStatement(this.claimRead + ids(ids.size()))) {
					bindIds(connection, statement, 1, ids.toArray(Long[]::new));
					claimed = readJobs(statement);
				}
			}
			connection.commit();
			return claimed;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	/**
	 * The end of an id condition: {@code = ANY(?)} with an array, or on MariaDB, which
	 * has none, an IN list.
	 */
	private String ids(int count) {
		return this.tables.mariadb() ? "IN (" + String.join(", ", Collections.nCopies(count, "?")) + ")" : "= ANY(?)";
	}

	private void bindIds(Connection connection, PreparedStatement statement, int first, Long[] ids)
			throws SQLException {
		if (!this.tables.mariadb()) {
			statement.setArray(first, connection.createArrayOf("BIGINT", ids));
			return;
		}
		for (int i = 0; i < ids.length; i++) {
			statement.setLong(first + i, ids[i]);
		}
	}

	private long[] readJobs(PreparedStatement statement) throws SQLException {
		Class<?> time = this.tables.timeType();
		List<Long> ids = new ArrayList<>();
		try (ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
				// Read every column, as the store must to build its jobs.
				rows.getString(2);
				rows.getString(3);
				rows.getString(4);
				rows.getInt(5);
				rows.getInt(6);
				rows.getInt(7);
				rows.getInt(8);
				rows.getObject(9, time);
				rows.getObject(10, time);
				rows.getObject(11, time);
				rows.getString(12);
				rows.getObject(13, time);
				rows.getString(14);
				rows.getString(15);
				rows.getLong(16);
				rows.getBoolean(17);
			}
		}
		return ids.stream().mapToLong(Long::longValue).toArray();
	}

	/**
	 * Mark claimed jobs completed in one statement, each only while it is executing.
	 * @param connection a connection in auto-commit mode
	 * @param ids the jobs
	 * @return how many rows changed
	 */
	int complete(Connection connection, long[] ids) throws SQLException {
		if (ids.length == 0) {
			return 0;
		}
		Instant now = Instant.now();
		Long[] boxed = new Long[ids.length];
		for (int i = 0; i < ids.length; i++) {
			boxed[i] = ids[i];
		}
		String sql = this.tables.postgres() ? this.completeBatch : this.completeBatch + ids(ids.length);
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			if (this.tables.postgres()) {
				Short[] states = new Short[ids.length];
				String[] finished = new String[ids.length];
				java.util.Arrays.fill(states, (short) 2);
				java.util.Arrays.fill(finished, now.toString());
				statement.setArray(1, connection.createArrayOf("int8", boxed));
				statement.setArray(2, connection.createArrayOf("int2", states));
				statement.setArray(3, connection.createArrayOf("text", finished));
			}
			else {
				statement.setObject(1, this.tables.time(now));
				bindIds(connection, statement, 2, boxed);
			}
			return statement.executeUpdate();
		}
	}

	int completeOne(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.completeOne)) {
			statement.setObject(1, this.tables.time(Instant.now()));
			statement.setLong(2, id);
			return statement.executeUpdate();
		}
	}

	/**
	 * Insert one available job with a plain {@code INSERT ... VALUES}, in whatever
	 * transaction the connection is in: its own with auto-commit on, else the caller's.
	 * @param connection the connection
	 */
	void insertOne(Connection connection) throws SQLException {
		Object now = this.tables.time(Instant.now());
		try (PreparedStatement statement = connection.prepareStatement(this.insertOne)) {
			bindOne(statement, now);
			statement.executeUpdate();
		}
	}

	/**
	 * Insert available jobs as one JDBC batch, in the connection's transaction. On
	 * PostgreSQL a connection with {@code reWriteBatchedInserts=true} (see
	 * {@link JdbcTables#batchConnection()}) sends them as multi-row inserts.
	 * @param connection a connection with auto-commit off, committed by the caller
	 * @param count how many
	 */
	void insertBatch(Connection connection, int count) throws SQLException {
		Object now = this.tables.time(Instant.now());
		try (PreparedStatement statement = connection.prepareStatement(this.insertOne)) {
			for (int i = 0; i < count; i++) {
				bindOne(statement, now);
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	/**
	 * Bind what the dispatcher would store for a job due now with default settings.
	 */
	private static void bindOne(PreparedStatement statement, Object now) throws SQLException {
		statement.setString(1, Probe.QUEUE);
		statement.setString(2, Probe.KIND);
		statement.setString(3, Probe.UNTIMED_JSON);
		statement.setInt(4, JobState.AVAILABLE.code());
		statement.setInt(5, 0);
		statement.setInt(6, ClientConfig.DEFAULT_MAX_ATTEMPTS);
		statement.setObject(7, now);
		statement.setObject(8, now);
		statement.setNull(9, Types.VARCHAR);
		statement.setNull(10, Types.BIGINT);
	}

}
