package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;

/**
 * Sends PostgreSQL notifications on the given connection, delivered when its transaction
 * commits (PostgreSQL folds repeats of one payload within a transaction). Only ever on a
 * connection of the store's own: a transaction with a pending notification takes a
 * database-wide lock at commit, so a notification in an application's transaction would
 * serialize its commits with every other notifying one.
 */
final class Notifications {

	private Notifications() {
	}

	static void send(Connection connection, String channel, Collection<String> payloads) throws SQLException {
		if (payloads.isEmpty()) {
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
		if (tables.dialect() == Dialect.POSTGRESQL) {
			send(connection, channel, Set.of(payload));
		}
	}

}
