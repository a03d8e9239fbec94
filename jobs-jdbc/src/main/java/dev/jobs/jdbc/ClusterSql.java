package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import dev.jobs.store.ElectParams;

import static dev.jobs.JobState.EXECUTING;

/**
 * What nodes share: heartbeats, the leader lease, paused queues, cron ticks and cancel
 * requests. Upserts are {@code INSERT ... ON CONFLICT} on PostgreSQL and {@code MERGE} on
 * H2; two H2 nodes racing to create the same row make one of them see a duplicate key,
 * and it tries again once the row exists. MariaDB has {@code INSERT ... ON DUPLICATE KEY
 * UPDATE} for plain upserts; the conditional ones (lease, cron tick) are an update, then
 * an insert when there was no row, because its row count cannot tell "kept" from
 * "changed" the same way under every driver setting.
 */
final class ClusterSql {

	/** The one leader lease of a store. */
	private static final String LEASE = "default";

	private final Tables tables;

	private final Dialect dialect;

	private final String heartbeat;

	private final String elect;

	private final String cronTick;

	private final String setPaused;

	private final String takeLease;

	private final String insertLease;

	private final String holdsLease;

	private final String advanceCronTick;

	private final String insertCronTick;

	private final String cancelRequested;

	private final String executingIds;

	ClusterSql(Tables tables) {
		this.tables = tables;
		this.dialect = tables.dialect();
		this.cancelRequested = "SELECT id FROM " + tables.jobs() + " WHERE " + StateSql.is(EXECUTING)
				+ " AND attempted_by = ? AND cancel_requested";
		this.executingIds = "SELECT id FROM " + tables.jobs() + " WHERE " + StateSql.is(EXECUTING)
				+ " AND attempted_by = ? AND attempted_at < ?";
		String lease = tables.leader();
		this.takeLease = "UPDATE " + lease + " SET node_id = ?, expires_at = ? WHERE name = ? "
				+ "AND (node_id = ? OR expires_at <= ?)";
		// INSERT IGNORE: a taken row is an answer here, not a failure (the driver would
		// log every refused insert of every follower).
		this.insertLease = "INSERT IGNORE INTO " + lease + " (name, node_id, expires_at) VALUES (?, ?, ?)";
		this.holdsLease = "SELECT 1 FROM " + lease + " WHERE name = ? AND node_id = ? AND expires_at = ?";
		this.advanceCronTick = "UPDATE " + tables.cron() + " SET last_tick = ? WHERE name = ? AND last_tick < ?";
		this.insertCronTick = "INSERT IGNORE INTO " + tables.cron() + " (name, last_tick) VALUES (?, ?)";
		if (this.dialect == Dialect.MARIADB) {
			// A second parameter rather than VALUES(column), which MySQL deprecates.
			this.heartbeat = "INSERT INTO " + tables.nodes() + " (id, heartbeat_at) VALUES (?, ?) "
					+ "ON DUPLICATE KEY UPDATE heartbeat_at = ?";
			this.setPaused = "INSERT INTO " + tables.queues() + " (name, paused) VALUES (?, ?) "
					+ "ON DUPLICATE KEY UPDATE paused = ?";
			this.elect = this.takeLease;
			this.cronTick = this.advanceCronTick;
		}
		else if (this.dialect == Dialect.POSTGRESQL) {
			this.heartbeat = "INSERT INTO " + tables.nodes() + " AS n (id, heartbeat_at) VALUES (?, ?) "
					+ "ON CONFLICT (id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at";
			// Take the lease when there is none, when it expired, or extend it when it is
			// ours; a row count of 1 means this node leads.
			this.elect = "INSERT INTO " + tables.leader() + " AS l (name, node_id, expires_at) VALUES (?, ?, ?) "
					+ "ON CONFLICT (name) DO UPDATE SET node_id = EXCLUDED.node_id, expires_at = EXCLUDED.expires_at "
					+ "WHERE l.node_id = EXCLUDED.node_id OR l.expires_at <= ?";
			this.cronTick = "INSERT INTO " + tables.cron() + " AS c (name, last_tick) VALUES (?, ?) "
					+ "ON CONFLICT (name) DO UPDATE SET last_tick = EXCLUDED.last_tick "
					+ "WHERE c.last_tick < EXCLUDED.last_tick";
			this.setPaused = "INSERT INTO " + tables.queues() + " AS q (name, paused) VALUES (?, ?) "
					+ "ON CONFLICT (name) DO UPDATE SET paused = EXCLUDED.paused";
		}
		else {
			this.heartbeat = "MERGE INTO " + tables.nodes() + " (id, heartbeat_at) KEY (id) VALUES (?, ?)";
			this.elect = "MERGE INTO " + tables.leader() + " l USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), "
					+ "CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) s(name, node_id, expires_at) ON l.name = s.name "
					+ "WHEN MATCHED AND (l.node_id = s.node_id OR l.expires_at <= ?) "
					+ "THEN UPDATE SET node_id = s.node_id, expires_at = s.expires_at "
					+ "WHEN NOT MATCHED THEN INSERT (name, node_id, expires_at) VALUES (s.name, s.node_id, s.expires_at)";
			this.cronTick = "MERGE INTO " + tables.cron() + " c USING (VALUES (CAST(? AS VARCHAR), "
					+ "CAST(? AS TIMESTAMP(6) WITH TIME ZONE))) s(name, last_tick) ON c.name = s.name "
					+ "WHEN MATCHED AND c.last_tick < s.last_tick THEN UPDATE SET last_tick = s.last_tick "
					+ "WHEN NOT MATCHED THEN INSERT (name, last_tick) VALUES (s.name, s.last_tick)";
			this.setPaused = "MERGE INTO " + tables.queues() + " (name, paused) KEY (name) VALUES (?, ?)";
		}
	}

	void heartbeat(Connection connection, String nodeId, Instant now) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.heartbeat)) {
			statement.setString(1, nodeId);
			this.dialect.setInstant(statement, 2, now);
			if (this.dialect == Dialect.MARIADB) {
				this.dialect.setInstant(statement, 3, now);
			}
			retryOnDuplicate(statement);
		}
	}

	void deregister(Connection connection, String nodeId) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("DELETE FROM " + this.tables.nodes() + " WHERE id = ?")) {
			statement.setString(1, nodeId);
			statement.executeUpdate();
		}
	}

	boolean elect(Connection connection, ElectParams params) throws SQLException {
		if (this.dialect == Dialect.MARIADB) {
			return electByUpdateThenInsert(connection, params);
		}
		try (PreparedStatement statement = connection.prepareStatement(this.elect)) {
			statement.setString(1, LEASE);
			statement.setString(2, params.nodeId());
			this.dialect.setInstant(statement, 3, params.now().plus(params.ttl()));
			this.dialect.setInstant(statement, 4, params.now());
			return retryOnDuplicate(statement) == 1;
		}
	}

	void resign(Connection connection, String nodeId) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("DELETE FROM " + this.tables.leader() + " WHERE name = ? AND node_id = ?")) {
			statement.setString(1, LEASE);
			statement.setString(2, nodeId);
			statement.executeUpdate();
		}
	}

	boolean recordCronTick(Connection connection, String name, Instant tick) throws SQLException {
		if (this.dialect == Dialect.MARIADB) {
			return recordCronTickByUpdateThenInsert(connection, name, tick);
		}
		try (PreparedStatement statement = connection.prepareStatement(this.cronTick)) {
			statement.setString(1, name);
			this.dialect.setInstant(statement, 2, tick);
			return retryOnDuplicate(statement) == 1;
		}
	}

	void setPaused(Connection connection, String queue, boolean paused) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.setPaused)) {
			statement.setString(1, queue);
			statement.setBoolean(2, paused);
			if (this.dialect == Dialect.MARIADB) {
				statement.setBoolean(3, paused);
			}
			retryOnDuplicate(statement);
		}
		if (!paused) {
			Notifications.send(connection, this.tables, this.tables.insertChannel(), queue);
		}
	}

	Set<String> pausedQueues(Connection connection) throws SQLException {
		Set<String> paused = new HashSet<>();
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT name FROM " + this.tables.queues() + " WHERE paused");
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				paused.add(rows.getString(1));
			}
		}
		return paused;
	}

	Set<Long> cancelRequested(Connection connection, String nodeId) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.cancelRequested)) {
			statement.setString(1, nodeId);
			return ids(statement);
		}
	}

	/** The heartbeat's look for cancel requests, for plan tests. */
	String cancelRequestedStatement() {
		return this.cancelRequested;
	}

	/** The orphan check's listing, for plan tests. */
	String executingIdsStatement() {
		return this.executingIds;
	}

	Set<Long> executingIds(Connection connection, String nodeId, Instant claimedBefore) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.executingIds)) {
			statement.setString(1, nodeId);
			this.dialect.setInstant(statement, 2, claimedBefore);
			return ids(statement);
		}
	}

	private static Set<Long> ids(PreparedStatement statement) throws SQLException {
		Set<Long> ids = new HashSet<>();
		try (ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				ids.add(rows.getLong(1));
			}
		}
		return ids;
	}

	/**
	 * MariaDB: extend or take the lease where it is ours or expired; where there is no
	 * lease, create it. An update that matched no row may still have left the lease ours
	 * (a driver counting changed rather than matched rows sees 0 when the lease is
	 * renewed to the same time), so an ignored insert looks the lease up.
	 */
	private boolean electByUpdateThenInsert(Connection connection, ElectParams params) throws SQLException {
		Instant expiresAt = params.now().plus(params.ttl());
		try (PreparedStatement statement = connection.prepareStatement(this.takeLease)) {
			statement.setString(1, params.nodeId());
			this.dialect.setInstant(statement, 2, expiresAt);
			statement.setString(3, LEASE);
			statement.setString(4, params.nodeId());
			this.dialect.setInstant(statement, 5, params.now());
			if (statement.executeUpdate() == 1) {
				return true;
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(this.insertLease)) {
			statement.setString(1, LEASE);
			statement.setString(2, params.nodeId());
			this.dialect.setInstant(statement, 3, expiresAt);
			if (statement.executeUpdate() == 1) {
				return true;
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(this.holdsLease)) {
			statement.setString(1, LEASE);
			statement.setString(2, params.nodeId());
			this.dialect.setInstant(statement, 3, expiresAt);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next();
			}
		}
	}

	/**
	 * MariaDB: advance the tick where it is older; where the job has none, record it. A
	 * node that loses the race to insert has its insert ignored: the tick is the other's.
	 */
	private boolean recordCronTickByUpdateThenInsert(Connection connection, String name, Instant tick)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.advanceCronTick)) {
			this.dialect.setInstant(statement, 1, tick);
			statement.setString(2, name);
			this.dialect.setInstant(statement, 3, tick);
			if (statement.executeUpdate() == 1) {
				return true;
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(this.insertCronTick)) {
			statement.setString(1, name);
			this.dialect.setInstant(statement, 2, tick);
			return statement.executeUpdate() == 1;
		}
	}

	/**
	 * Run an upsert; on H2, a concurrent insert of the same key fails the MERGE with a
	 * duplicate key, and running it again updates the row that now exists. PostgreSQL's
	 * ON CONFLICT never fails that way.
	 */
	private int retryOnDuplicate(PreparedStatement statement) throws SQLException {
		try {
			return statement.executeUpdate();
		}
		catch (SQLException ex) {
			if (this.dialect != Dialect.H2 || !Dialect.isUniqueViolation(ex)) {
				throw ex;
			}
			return statement.executeUpdate();
		}
	}

}
