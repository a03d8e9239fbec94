package dev.jobs.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

import dev.jobs.jdbc.Dialect;

/**
 * PostgreSQL's checkpoints as its statistics count them. A checkpoint ends by syncing the
 * files it wrote, and a commit that waits for its WAL flush waits longer then: the steady
 * scenario's slowest jobs cluster there on a server that checkpoints every few seconds
 * (see docs/performance.md, "Steady: the tail is the database's checkpoints"), so its
 * fixed runs say how many fell in them.
 *
 * @param timed checkpoints started by {@code checkpoint_timeout}
 * @param requested checkpoints started for WAL volume ({@code max_wal_size}) or asked for
 * @param syncMillis time spent syncing the files checkpoints wrote
 */
record Checkpoints(long timed, long requested, double syncMillis) {

	/**
	 * The server's counts so far.
	 * @param tables the target's tables
	 * @return the counts, or empty on a database that is not PostgreSQL
	 * @throws SQLException if the statistics cannot be read
	 */
	static Optional<Checkpoints> read(JdbcTables tables) throws SQLException {
		if (tables.dialect() != Dialect.POSTGRESQL) {
			return Optional.empty();
		}
		try (Connection connection = tables.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			// PostgreSQL 17 moved the checkpointer's counts to a view of their own.
			boolean checkpointerView;
			try (ResultSet version = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
				version.next();
				checkpointerView = version.getInt(1) >= 170000;
			}
			String sql = checkpointerView ? "SELECT num_timed, num_requested, sync_time FROM pg_stat_checkpointer"
					: "SELECT checkpoints_timed, checkpoints_req, checkpoint_sync_time FROM pg_stat_bgwriter";
			try (ResultSet rows = statement.executeQuery(sql)) {
				rows.next();
				return Optional.of(new Checkpoints(rows.getLong(1), rows.getLong(2), rows.getDouble(3)));
			}
		}
	}

	/**
	 * What happened between two readings, for a note.
	 * @param before the earlier reading
	 * @return the checkpoints that completed since, and their syncs
	 */
	String since(Checkpoints before) {
		long requestedSince = this.requested - before.requested;
		return String.format(Locale.ROOT,
				"%d checkpoints of the database completed during the run (%d for WAL volume or asked for), "
						+ "their file syncs %.0f ms in all",
				this.timed - before.timed + requestedSince, requestedSince, this.syncMillis - before.syncMillis);
	}

}
