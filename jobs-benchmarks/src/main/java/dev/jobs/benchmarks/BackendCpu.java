package dev.jobs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time PostgreSQL's server processes spent on the harness's own connections
 * (those with its application name), read from {@code /proc} on a server on this machine:
 * what a job costs the server, whatever else runs on it. Background processes (WAL
 * writer, checkpointer) are not counted.
 */
final class BackendCpu {

	private final JdbcTables tables;

	private final Map<Long, Long> startTicks;

	private BackendCpu(JdbcTables tables, Map<Long, Long> startTicks) {
		this.tables = tables;
		this.startTicks = startTicks;
	}

	/**
	 * Start counting, or return {@code null} when the server's processes cannot be read
	 * (a server on another machine).
	 * @param tables the benchmark's tables on PostgreSQL
	 * @return the count, or {@code null}
	 */
	static BackendCpu start(JdbcTables tables) throws SQLException {
		Map<Long, Long> ticks = ticks(tables);
		return ticks.isEmpty() ? null : new BackendCpu(tables, ticks);
	}

	/**
	 * The CPU time spent since the start by the processes there at the start.
	 * @return nanoseconds
	 */
	long nanos() throws SQLException {
		long ticks = 0;
		for (Map.Entry<Long, Long> now : ticks(this.tables).entrySet()) {
			Long start = this.startTicks.get(now.getKey());
			ticks += now.getValue() - ((start != null) ? start : 0);
		}
		return ticks * (1_000_000_000L / ProcStat.TICKS_PER_SECOND);
	}

	private static Map<Long, Long> ticks(JdbcTables tables) throws SQLException {
		Map<Long, Long> ticks = new HashMap<>();
		try (Connection connection = tables.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE application_name = '"
						+ JdbcTables.APPLICATION_NAME + "'")) {
			while (rows.next()) {
				long pid = rows.getLong(1);
				Path stat = Path.of("/proc", Long.toString(pid), "stat");
				try {
					ticks.put(pid, ProcStat.ticks(Files.readString(stat)));
				}
				catch (IOException ex) {
					// Not on this machine, or gone since the query.
				}
			}
		}
		return ticks;
	}

}
