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
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitPlan;
import dev.jobs.limit.LimitUsage;
import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.AVAILABLE;
import static dev.jobs.JobState.EXECUTING;

/**
 * What uses the limits, read from the tables: executing jobs of limited kinds (found
 * through the index on executing jobs that rescue uses; there are at most as many as the
 * cluster runs at once), and the starts log of rate-limited kinds.
 */
final class LimitCounts {

	private LimitCounts() {
	}

	/** Takes a count of executing jobs of a kind and key. */
	interface ExecutingCount {

		void accept(String kind, @Nullable String key, int count);

	}

	/**
	 * Count the executing jobs of the limited kinds by kind and key.
	 * @param ended jobs left out: their attempt ended on the claiming node, and only
	 * their outcome is not written yet
	 */
	static void executing(Connection connection, Tables tables, JobLimits limits, Set<Long> ended,
			ExecutingCount counts) throws SQLException {
		List<String> kinds = limits.all().stream().map(JobLimit::kind).toList();
		boolean postgres = tables.dialect() == Dialect.POSTGRESQL;
		String leftOut = "";
		if (!ended.isEmpty()) {
			leftOut = postgres ? " AND id <> ALL(?)" : " AND id NOT IN (" + IdLists.placeholders(ended.size()) + ")";
		}
		String sql = "SELECT kind, limit_key, count(*) FROM " + tables.jobs() + " WHERE " + StateSql.is(EXECUTING)
				+ " AND kind IN (" + IdLists.placeholders(kinds.size()) + ")" + leftOut + " GROUP BY kind, limit_key";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			int index = 1;
			for (String kind : kinds) {
				statement.setString(index++, kind);
			}
			if (!ended.isEmpty() && postgres) {
				statement.setArray(index, connection.createArrayOf("bigint", ended.toArray()));
			}
			else {
				for (long id : ended) {
					statement.setLong(index++, id);
				}
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					counts.accept(rows.getString(1), rows.getString(2), rows.getInt(3));
				}
			}
		}
	}

	/**
	 * Count the starts in each rate window into a plan.
	 * @param trim whether to delete the starts older than each kind's longest window
	 * first (claims do, under the lock; readers do not)
	 */
	static void loadStarts(Connection connection, Tables tables, JobLimits limits, Instant now, LimitPlan plan,
			boolean trim) throws SQLException {
		Dialect dialect = tables.dialect();
		for (JobLimit limit : limits.all()) {
			if (!limit.hasRate()) {
				continue;
			}
			if (trim) {
				try (PreparedStatement statement = connection
					.prepareStatement("DELETE FROM " + tables.limitStarts() + " WHERE kind = ? AND started_at <= ?")) {
					statement.setString(1, limit.kind());
					dialect.setInstant(statement, 2, now.minus(limits.longestRatePeriod(limit.kind())));
					statement.executeUpdate();
				}
			}
			if (limit.rate() != null) {
				try (PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) AS started, " + "min(started_at) AS oldest FROM "
							+ tables.limitStarts() + " WHERE kind = ? AND started_at > ?")) {
					statement.setString(1, limit.kind());
					dialect.setInstant(statement, 2, now.minus(limit.rate().period()));
					try (ResultSet rows = statement.executeQuery()) {
						if (rows.next() && rows.getInt("started") > 0) {
							plan.startedOfKind(limit.kind(), rows.getInt("started"),
									dialect.getInstant(rows, "oldest"));
						}
					}
				}
			}
			if (limit.ratePerKey() != null) {
				try (PreparedStatement statement = connection.prepareStatement("SELECT limit_key, count(*) AS started, "
						+ "min(started_at) AS oldest FROM " + tables.limitStarts()
						+ " WHERE kind = ? AND limit_key IS NOT NULL AND started_at > ? GROUP BY limit_key")) {
					statement.setString(1, limit.kind());
					dialect.setInstant(statement, 2, now.minus(limit.ratePerKey().period()));
					try (ResultSet rows = statement.executeQuery()) {
						while (rows.next()) {
							plan.startedOfKey(limit.kind(), rows.getString("limit_key"), rows.getInt("started"),
									dialect.getInstant(rows, "oldest"));
						}
					}
				}
			}
		}
	}

	/**
	 * Log the starts of claimed jobs of rate-limited kinds.
	 */
	static void logStarts(Connection connection, Tables tables, JobLimits limits, List<Job> claimed, Instant now)
			throws SQLException {
		List<Job> rated = claimed.stream()
			.filter((job) -> limits.find(job.kind()) != null && limits.find(job.kind()).hasRate())
			.toList();
		if (rated.isEmpty()) {
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement(
				"INSERT INTO " + tables.limitStarts() + " (kind, limit_key, started_at) VALUES (?, ?, ?)")) {
			for (Job job : rated) {
				statement.setString(1, job.kind());
				statement.setString(2, job.limitKey());
				tables.dialect().setInstant(statement, 3, now);
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	/**
	 * How much of each limit is used now; a read for the actuator endpoint and metrics,
	 * without the claim's lock.
	 */
	static List<LimitUsage> usage(Connection connection, Tables tables, JobLimits limits, Instant now)
			throws SQLException {
		if (limits.isEmpty()) {
			return List.of();
		}
		Map<String, int[]> running = new HashMap<>();
		Map<String, Integer> mostOfAKey = new HashMap<>();
		executing(connection, tables, limits, Set.of(), (kind, key, count) -> {
			running.computeIfAbsent(kind, (name) -> new int[1])[0] += count;
			if (key != null) {
				mostOfAKey.merge(kind, count, Math::max);
			}
		});
		Map<String, long[]> waiting = waiting(connection, tables, limits);
		List<LimitUsage> usage = new ArrayList<>();
		for (JobLimit limit : limits.all()) {
			String kind = limit.kind();
			long[] wait = waiting.getOrDefault(kind, new long[2]);
			if (limit.concurrency() != null) {
				usage.add(new LimitUsage(kind, "concurrency", limit.concurrency(),
						running.getOrDefault(kind, new int[1])[0], wait[0]));
			}
			if (limit.concurrencyPerKey() != null) {
				usage.add(new LimitUsage(kind, "concurrency-per-key", limit.concurrencyPerKey(),
						mostOfAKey.getOrDefault(kind, 0), wait[1]));
			}
			if (limit.rate() != null) {
				usage.add(new LimitUsage(kind, "rate", limit.rate().count(),
						startsInWindow(connection, tables, kind, now.minus(limit.rate().period()), false), wait[0]));
			}
			if (limit.ratePerKey() != null) {
				usage.add(new LimitUsage(kind, "rate-per-key", limit.ratePerKey().count(),
						startsInWindow(connection, tables, kind, now.minus(limit.ratePerKey().period()), true),
						wait[1]));
			}
		}
		return usage;
	}

	/** Available jobs of each limited kind: all, and those with a key. */
	private static Map<String, long[]> waiting(Connection connection, Tables tables, JobLimits limits)
			throws SQLException {
		List<String> kinds = limits.all().stream().map(JobLimit::kind).toList();
		String sql = "SELECT kind, count(*), count(limit_key) FROM " + tables.jobs() + " WHERE "
				+ StateSql.is(AVAILABLE) + " AND kind IN (" + IdLists.placeholders(kinds.size()) + ") GROUP BY kind";
		Map<String, long[]> waiting = new HashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < kinds.size(); i++) {
				statement.setString(i + 1, kinds.get(i));
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					waiting.put(rows.getString(1), new long[] { rows.getLong(2), rows.getLong(3) });
				}
			}
		}
		return waiting;
	}

	/** Starts of a kind after a time: in all, or the most of any one key. */
	private static int startsInWindow(Connection connection, Tables tables, String kind, Instant after,
			boolean mostOfAKey) throws SQLException {
		String sql = mostOfAKey
				? "SELECT count(*) FROM " + tables.limitStarts()
						+ " WHERE kind = ? AND limit_key IS NOT NULL AND started_at > ? GROUP BY limit_key"
				: "SELECT count(*) FROM " + tables.limitStarts() + " WHERE kind = ? AND started_at > ?";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, kind);
			tables.dialect().setInstant(statement, 2, after);
			int most = 0;
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					most = Math.max(most, rows.getInt(1));
				}
			}
			return most;
		}
	}

}
