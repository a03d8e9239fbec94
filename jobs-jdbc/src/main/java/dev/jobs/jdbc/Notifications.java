package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;

/**
 * Sends PostgreSQL notifications on the caller's connection, so that they are delivered
 * when its transaction commits and not before (PostgreSQL also folds repeats of one
 * payload within a transaction). Nothing on H2, whose nodes poll.
 */
final class Notifications {

	private Notifications() {
	}

	static void send(Connection connection, Tables tables, String channel, Collection<String> payloads)
			throws SQLException {
		if (tables.dialect() != Dialect.POSTGRESQL || payloads.isEmpty()) {
			return;
		}
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT pg_notify(?, payload) FROM unnest(CAST(? AS text[])) AS p(payload)")) {
			statement.setString(1, channel);
			statement.setArray(2, connection.createArrayOf("text", payloads.toArray(String[]::new)));
			statement.execute();
		}
	}

	static void send(Connection connection, Tables tables, String channel, String payload) throws SQLException {
		send(connection, tables, channel, Set.of(payload));
	}

}
