package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.jobs.store.NodeStatus;

import static dev.jobs.JobState.EXECUTING;

/**
 * The cluster as people see it: nodes with their heartbeats, the leader and what each
 * runs, and the last tick of each cron entry. Small tables, and the executing jobs by
 * node from the rescue index.
 */
final class ClusterViewSql {

	private final Tables tables;

	ClusterViewSql(Tables tables) {
		this.tables = tables;
	}

	List<NodeStatus> nodes(Connection connection, Instant now) throws SQLException {
		Dialect dialect = this.tables.dialect();
		String leader = null;
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT node_id, expires_at FROM " + this.tables.leader());
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				Instant expires = dialect.getInstant(rows, "expires_at");
				if (expires != null && expires.isAfter(now)) {
					leader = rows.getString("node_id");
				}
			}
		}
		Map<String, Map<String, Long>> executing = new HashMap<>();
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT attempted_by, queue, count(*) AS jobs FROM " + this.tables.jobs() + " WHERE "
					+ StateSql.is(EXECUTING) + " GROUP BY attempted_by, queue");
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				String node = rows.getString("attempted_by");
				if (node != null) {
					executing.computeIfAbsent(node, (id) -> new HashMap<>())
						.put(rows.getString("queue"), rows.getLong("jobs"));
				}
			}
		}
		List<NodeStatus> nodes = new ArrayList<>();
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT id, heartbeat_at FROM " + this.tables.nodes() + " ORDER BY id");
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				String id = rows.getString("id");
				nodes.add(new NodeStatus(id, dialect.getInstant(rows, "heartbeat_at"), id.equals(leader),
						executing.getOrDefault(id, Map.of())));
			}
		}
		return nodes;
	}

	Map<String, Instant> cronTicks(Connection connection) throws SQLException {
		Map<String, Instant> ticks = new TreeMap<>();
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT name, last_tick FROM " + this.tables.cron());
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				ticks.put(rows.getString("name"), this.tables.dialect().getInstant(rows, "last_tick"));
			}
		}
		return ticks;
	}

}
