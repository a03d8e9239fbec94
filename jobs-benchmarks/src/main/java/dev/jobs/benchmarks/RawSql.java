package dev.jobs.benchmarks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of the raw-SQL reference, by hand in plain JDBC on the store's own
 * table: the same claim (one statement on PostgreSQL: {@code UPDATE ... WHERE id =
 * ANY(ARRAY(SELECT ... FOR UPDATE SKIP LOCKED LIMIT n)) RETURNING ...}), the same batched
 * completion ({@code UPDATE ... FROM unnest(...)}), and the same insert with its
 * notification. H2 has neither the one-statement claim nor {@code UPDATE ... FROM}: there
 * the claim locks then marks in one short transaction and the completion is one
 * {@code UPDATE ... WHERE id = ANY(?)}.
 */
final class RawSql {

	static final String COLUMNS = "id, queue, kind, args, state, priority, attempt, max_attempts, inserted_at, "
			+ "scheduled_at, attempted_at, attempted_by, finished_at, errors, unique_key, timeout_ms, cancel_requested";

	private static final String NODE = "raw-sql";

	private static final String CHANNEL = "jobs_bench_raw";

	private final JdbcTables tables;

	private final String claim;

	private final String claimLock;

	private final String claimMark;

	private final String claimRead;

	private final String completeBatch;

	private final String completeOne;

	private final String insertOne;

	private final String insertBatch;

	RawSql(JdbcTables tables) {
		this.tables = tables;
		String jobs = tables.jobs();
		String order = "ORDER BY priority DESC, scheduled_at, id";
		this.claim = "UPDATE " + jobs + " SET state = 1, attempt = attempt + 1, attempted_at = ?, attempted_by = ? "
				+ "WHERE id = ANY(ARRAY(SELECT id FROM " + jobs + " WHERE state = 0 AND queue = ? " + order
				+ " LIMIT ? FOR UPDATE SKIP LOCKED)) RETURNING " + COLUMNS;
		this.claimLock = "SELECT id FROM " + jobs + " WHERE state = 0 AND queue = ? " + order
				+ " FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
		this.claimMark = "UPDATE " + jobs
				+ " SET state = 1, attempt = attempt + 1, attempted_at = ?, attempted_by = ? WHERE id = ANY(?)";
		this.claimRead = "SELECT " + COLUMNS + " FROM " + jobs + " WHERE id = ANY(?)";
		this.completeBatch = tables.postgres()
				? "UPDATE " + jobs + " j SET state = c.state, finished_at = c.finished_at "
						+ "FROM unnest(CAST(? AS bigint[]), CAST(? AS smallint[]), CAST(? AS timestamptz[])) "
						+ "AS c(id, state, finished_at) WHERE j.id = c.id AND j.state = 1"
				: "UPDATE " + jobs + " SET state = 2, finished_at = ? WHERE id = ANY(?) AND state = 1";
		this.completeOne = "UPDATE " + jobs + " SET state = 2, finished_at = ? WHERE id = ? AND state = 1";
		String columns = "(queue, kind, args, state, priority, attempt, max_attempts, inserted_at, scheduled_at)";
		this.insertOne = tables.postgres()
				? "WITH i AS (INSERT INTO " + jobs + " " + columns
						+ " VALUES (?, ?, CAST(? AS jsonb), 0, 0, 0, 20, ?, ?) RETURNING id) "
						+ "SELECT id, pg_notify(?, ?) FROM i"
				: "INSERT INTO " + jobs + " " + columns + " VALUES (?, ?, ?, 0, 0, 0, 20, ?, ?)";
		this.insertBatch = "WITH i AS (INSERT INTO " + jobs + " " + columns
				+ " SELECT q, k, CAST(a AS jsonb), 0, 0, 0, 20, ?, ? "
				+ "FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS u(q, k, a) RETURNING id), "
				+ "n AS (SELECT pg_notify(?, ?) FROM (SELECT 1 FROM i LIMIT 1) any_row) "
				+ "SELECT i.id FROM i CROSS JOIN (SELECT count(*) FROM n) notified";
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
				statement.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
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
				Array array = connection.createArrayOf("BIGINT", ids.toArray());
				try (PreparedStatement statement = connection.prepareStatement(this.claimMark)) {
					statement.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
					statement.setString(2, NODE);
					statement.setArray(3, array);
					statement.executeUpdate();
				}
				try (PreparedStatement statement = connection.prepareStatement(this.claimRead)) {
					statement.setArray(1, array);
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

	private static long[] readJobs(PreparedStatement statement) throws SQLException {
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
				rows.getObject(9, OffsetDateTime.class);
				rows.getObject(10, OffsetDateTime.class);
				rows.getObject(11, OffsetDateTime.class);
				rows.getString(12);
				rows.getObject(13, OffsetDateTime.class);
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
		try (PreparedStatement statement = connection.prepareStatement(this.completeBatch)) {
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
				statement.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
				statement.setArray(2, connection.createArrayOf("BIGINT", boxed));
			}
			return statement.executeUpdate();
		}
	}

	int completeOne(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.completeOne)) {
			statement.setObject(1, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
			statement.setLong(2, id);
			return statement.executeUpdate();
		}
	}

	/**
	 * Insert one available job (and notify, on PostgreSQL) in its own transaction.
	 * @param connection a connection in auto-commit mode
	 */
	void insertOne(Connection connection) throws SQLException {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		if (this.tables.postgres()) {
			try (PreparedStatement statement = connection.prepareStatement(this.insertOne)) {
				bindOne(statement, now);
				statement.setString(6, CHANNEL);
				statement.setString(7, Probe.QUEUE);
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
				}
			}
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement(this.insertOne,
				Statement.RETURN_GENERATED_KEYS)) {
			bindOne(statement, now);
			statement.executeUpdate();
			try (ResultSet keys = statement.getGeneratedKeys()) {
				keys.next();
			}
		}
	}

	private static void bindOne(PreparedStatement statement, OffsetDateTime now) throws SQLException {
		statement.setString(1, Probe.QUEUE);
		statement.setString(2, Probe.KIND);
		statement.setString(3, Probe.UNTIMED_JSON);
		statement.setObject(4, now);
		statement.setObject(5, now);
	}

	/**
	 * Insert available jobs in one statement (PostgreSQL), or in one JDBC batch inside
	 * one transaction (H2).
	 * @param connection a connection in auto-commit mode
	 * @param count how many
	 */
	void insertBatch(Connection connection, int count) throws SQLException {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		if (this.tables.postgres()) {
			String[] queues = new String[count];
			String[] kinds = new String[count];
			String[] args = new String[count];
			java.util.Arrays.fill(queues, Probe.QUEUE);
			java.util.Arrays.fill(kinds, Probe.KIND);
			java.util.Arrays.fill(args, Probe.UNTIMED_JSON);
			try (PreparedStatement statement = connection.prepareStatement(this.insertBatch)) {
				statement.setObject(1, now);
				statement.setObject(2, now);
				statement.setArray(3, connection.createArrayOf("text", queues));
				statement.setArray(4, connection.createArrayOf("text", kinds));
				statement.setArray(5, connection.createArrayOf("text", args));
				statement.setString(6, CHANNEL);
				statement.setString(7, Probe.QUEUE);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						rows.getLong(1);
					}
				}
			}
			return;
		}
		connection.setAutoCommit(false);
		try (PreparedStatement statement = connection.prepareStatement(this.insertOne,
				Statement.RETURN_GENERATED_KEYS)) {
			for (int i = 0; i < count; i++) {
				bindOne(statement, now);
				statement.addBatch();
			}
			statement.executeBatch();
			try (ResultSet keys = statement.getGeneratedKeys()) {
				while (keys.next()) {
					keys.getLong(1);
				}
			}
			connection.commit();
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

}
