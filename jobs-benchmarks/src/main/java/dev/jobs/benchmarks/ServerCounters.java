package dev.jobs.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What PostgreSQL did during the cluster scenario's drain: the CPU time of all its
 * processes and of the nodes' backends (from {@code /proc}, a server on this machine),
 * and its own counters of the jobs table (index entries read per scan, updates, commits).
 * Counters are read as the server last flushed them: wait a second or two after the work
 * before reading.
 *
 * @param ticks CPU ticks by server process
 * @param nodeBackends the processes that serve the nodes' connections
 * @param stats the server's counters by name
 */
record ServerCounters(Map<Long, Long> ticks, Set<Long> nodeBackends, Map<String, Long> stats) {

	static ServerCounters read(JdbcTables tables) throws SQLException {
		Map<String, Long> stats = new TreeMap<>();
		Set<Long> nodeBackends = new HashSet<>();
		try (Connection connection = tables.dataSource().getConnection()) {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
				statement.setString(1, ClusterNode.APPLICATION_NAME);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						nodeBackends.add(rows.getLong(1));
					}
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(
					"SELECT indexrelname, idx_scan, idx_tup_read, idx_tup_fetch FROM pg_stat_user_indexes "
							+ "WHERE schemaname = ? AND relname = ?")) {
				statement.setString(1, tables.schema());
				statement.setString(2, tables.prefix() + "jobs");
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						String index = rows.getString(1).substring(tables.prefix().length());
						stats.put(index + ".scans", rows.getLong(2));
						stats.put(index + ".read", rows.getLong(3));
						stats.put(index + ".fetched", rows.getLong(4));
					}
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(
					"SELECT n_tup_upd, n_tup_hot_upd, seq_scan FROM pg_stat_user_tables WHERE schemaname = ? AND relname = ?")) {
				statement.setString(1, tables.schema());
				statement.setString(2, tables.prefix() + "jobs");
				try (ResultSet rows = statement.executeQuery()) {
					if (rows.next()) {
						stats.put("jobs.updated", rows.getLong(1));
						stats.put("jobs.hotUpdated", rows.getLong(2));
						stats.put("jobs.seqScans", rows.getLong(3));
					}
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(
					"SELECT xact_commit, xact_rollback, blks_hit FROM pg_stat_database WHERE datname = current_database()");
					ResultSet rows = statement.executeQuery()) {
				if (rows.next()) {
					stats.put("db.commits", rows.getLong(1));
					stats.put("db.rollbacks", rows.getLong(2));
					stats.put("db.blocksHit", rows.getLong(3));
				}
			}
		}
		return new ServerCounters(ProcStat.serverTicks(), nodeBackends, stats);
	}

	/**
	 * The change since an earlier read.
	 * @param before the earlier read
	 * @return the differences (processes that ended in between count from 0)
	 */
	ServerCounters minus(ServerCounters before) {
		Map<Long, Long> ticks = new HashMap<>();
		this.ticks.forEach((pid, now) -> ticks.put(pid, now - before.ticks.getOrDefault(pid, 0L)));
		Map<String, Long> stats = new TreeMap<>();
		this.stats.forEach((name, now) -> stats.put(name, now - before.stats.getOrDefault(name, 0L)));
		Set<Long> nodes = new HashSet<>(this.nodeBackends);
		nodes.addAll(before.nodeBackends);
		return new ServerCounters(ticks, nodes, stats);
	}

	/**
	 * The same CPU figures with the counters of a later read, which waited for the server
	 * to flush them.
	 */
	ServerCounters withStats(ServerCounters later, ServerCounters before) {
		return new ServerCounters(this.ticks, this.nodeBackends, later.minus(before).stats);
	}

	long serverTicks() {
		return this.ticks.values().stream().mapToLong(Long::longValue).sum();
	}

	long nodeBackendTicks() {
		return this.ticks.entrySet()
			.stream()
			.filter((entry) -> this.nodeBackends.contains(entry.getKey()))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	double micros(long ticks, long jobs) {
		return ticks * (1_000_000.0 / ProcStat.TICKS_PER_SECOND) / jobs;
	}

	String describe(long jobs) {
		StringBuilder text = new StringBuilder();
		this.stats.forEach((name, value) -> {
			if (value != 0) {
				text.append(name).append('=').append(value).append(' ');
			}
		});
		long scans = this.stats.getOrDefault("jobs_claim_idx.scans", 0L);
		long read = this.stats.getOrDefault("jobs_claim_idx.read", 0L);
		text.append(String.format(Locale.ROOT, "; claim index: %.1f entries read per scan, %.2f per job",
				(scans > 0) ? (double) read / scans : 0, (double) read / jobs));
		return text.toString();
	}

}
