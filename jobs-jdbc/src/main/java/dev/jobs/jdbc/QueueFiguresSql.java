package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobs.JobState;
import dev.jobs.store.MinuteFigures;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.AVAILABLE;
import static dev.jobs.JobState.COMPLETED;
import static dev.jobs.JobState.DISCARDED;
import static dev.jobs.JobState.EXECUTING;
import static dev.jobs.JobState.RETRYABLE;

/**
 * Figures per queue and per minute, each read from an index rather than a pass over the
 * table: a table of a million finished jobs must not make the overview slow.
 * <ul>
 * <li>The queues of each state are found by a loose index scan (the next queue after the
 * last one, on the {@code (state, queue, id)} index), and each (state, queue) is counted
 * up to the caller's limit on the same index: on PostgreSQL in one recursive statement,
 * elsewhere a short statement per step. On PostgreSQL that index leaves executing jobs
 * out; they are counted from the rescue index.</li>
 * <li>The oldest available job comes from the claim index, a loose scan over the
 * priorities of each queue, completions and failures since a time from the prune index
 * (finished jobs by finish time) and the retryable jobs (on PostgreSQL from their index
 * by last attempt, schema version 7).</li>
 * </ul>
 */
final class QueueFiguresSql {

	private final Tables tables;

	private final String firstQueue;

	private final String nextQueue;

	private final String count;

	private final @Nullable String pairCounts;

	private final String topPriority;

	private final String nextPriority;

	private final String oldestAvailable;

	private final String finishedSince;

	private final String retriedSince;

	/**
	 * The figures of minutes long past, read once: reading every job finished in the last
	 * hour at each refresh grows with the throughput (a node that finishes 1,000 jobs a
	 * second would read 3.6 million rows per refresh).
	 */
	private final SettledMinutes settled = new SettledMinutes();

	QueueFiguresSql(Tables tables) {
		this.tables = tables;
		Dialect dialect = tables.dialect();
		String jobs = tables.jobs();
		this.firstQueue = "SELECT min(queue) FROM " + jobs + " WHERE state = ?";
		this.nextQueue = "SELECT min(queue) FROM " + jobs + " WHERE state = ? AND queue > ?";
		this.count = "SELECT count(*) FROM (SELECT 1 AS one FROM " + jobs + " WHERE state = ? AND queue = ?"
				+ dialect.limit() + ") limited";
		// PostgreSQL walks every (state, queue) pair and counts each in one statement: a
		// recursive loose index scan, one round trip however many queues there are. Its
		// index leaves executing jobs out (schema version 7), so every step states that,
		// and executing jobs, few, are counted from the rescue index. A count reads its
		// rows in the index's order: without it, statistics taken while every job was
		// available made a sequential scan up to the limit look cheaper, which reads the
		// whole table for a state and queue with few jobs.
		String indexed = "state <> " + EXECUTING.code();
		this.pairCounts = (dialect != Dialect.POSTGRESQL) ? null
				: "WITH RECURSIVE pairs AS ((SELECT state, queue FROM " + jobs + " WHERE " + indexed
						+ " ORDER BY state, queue LIMIT 1) UNION ALL SELECT n.state, n.queue FROM pairs p CROSS JOIN "
						+ "LATERAL (SELECT state, queue FROM " + jobs + " WHERE " + indexed
						+ " AND (state, queue) > (p.state, p.queue) ORDER BY state, queue LIMIT 1) n) "
						+ "SELECT p.state, p.queue, (SELECT count(*) FROM (SELECT 1 FROM " + jobs + " x WHERE x."
						+ indexed + " AND x.state = p.state AND x.queue = p.queue ORDER BY x.id LIMIT ?) c) AS jobs "
						+ "FROM pairs p UNION ALL SELECT state, queue, least(count(*), ?) FROM " + jobs + " WHERE "
						+ StateSql.is(EXECUTING) + " GROUP BY state, queue";
		String available = " WHERE " + StateSql.is(AVAILABLE) + " AND queue = ?";
		this.topPriority = "SELECT max(priority) FROM " + jobs + available;
		this.nextPriority = "SELECT max(priority) FROM " + jobs + available + " AND priority < ?";
		this.oldestAvailable = "SELECT min(scheduled_at) AS oldest FROM " + jobs + available + " AND priority = ?";
		String finishedMinute = minute(dialect, "finished_at");
		this.finishedSince = "SELECT queue, " + finishedMinute + " AS at_minute, sum(CASE WHEN "
				+ StateSql.is(COMPLETED) + " THEN 1 ELSE 0 END) AS completed, sum(CASE WHEN " + StateSql.is(DISCARDED)
				+ " THEN 1 ELSE 0 END) AS failed FROM " + jobs + " WHERE " + StateSql.in(COMPLETED, DISCARDED)
				+ " AND finished_at >= ? GROUP BY queue, " + finishedMinute;
		String attemptedMinute = minute(dialect, "attempted_at");
		this.retriedSince = "SELECT queue, " + attemptedMinute
				+ " AS at_minute, 0 AS completed, count(*) AS failed FROM " + jobs + " WHERE " + StateSql.is(RETRYABLE)
				+ " AND attempted_at >= ? GROUP BY queue, " + attemptedMinute;
	}

	/**
	 * A time column rounded down to its minute.
	 */
	private static String minute(Dialect dialect, String column) {
		return switch (dialect) {
			case POSTGRESQL -> "date_trunc('minute', " + column + ")";
			case H2 -> "DATE_TRUNC('MINUTE', " + column + ")";
			// DATETIME(6) in UTC: the text of the minute, read back as a time.
			case MARIADB -> "CAST(DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:00') AS DATETIME(6))";
		};
	}

	/** PostgreSQL's count of every (state, queue) pair, for plan tests. */
	@Nullable String pairCountsStatement() {
		return this.pairCounts;
	}

	/**
	 * The count of retryable jobs attempted since a time, by queue and minute, for plan
	 * tests.
	 */
	String retriedSinceStatement() {
		return this.retriedSince;
	}

	List<QueueStats> stats(Connection connection, StatsParams params) throws SQLException {
		Map<String, Figures> byQueue = new TreeMap<>();
		if (this.pairCounts != null) {
			try (PreparedStatement statement = connection.prepareStatement(this.pairCounts)) {
				statement.setLong(1, params.countLimit());
				statement.setLong(2, params.countLimit());
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						put(byQueue, JobState.fromCode(rows.getInt("state")), rows.getString("queue"),
								rows.getLong("jobs"), params.countLimit());
					}
				}
			}
		}
		else {
			for (JobState state : JobState.values()) {
				for (String queue : queues(connection, state)) {
					put(byQueue, state, queue, count(connection, state, queue, params.countLimit()),
							params.countLimit());
				}
			}
		}
		for (Map.Entry<String, Figures> queue : byQueue.entrySet()) {
			if (queue.getValue().counts.getOrDefault(AVAILABLE, 0L) > 0) {
				queue.getValue().oldestAvailableAt = oldestAvailable(connection, queue.getKey());
			}
		}
		for (Finished finished : finished(connection, params.since(), null)) {
			Figures figures = byQueue.get(finished.queue);
			if (figures != null) {
				figures.completedSince += finished.completed;
				figures.failedSince += finished.failed;
			}
		}
		List<QueueStats> stats = new ArrayList<>(byQueue.size());
		byQueue.forEach((queue, figures) -> stats.add(new QueueStats(queue, figures.counts, figures.oldestAvailableAt,
				figures.completedSince, figures.failedSince, figures.atLeast)));
		return stats;
	}

	private static void put(Map<String, Figures> byQueue, JobState state, String queue, long counted, long limit) {
		Figures figures = byQueue.computeIfAbsent(queue, (name) -> new Figures());
		figures.counts.put(state, counted);
		if (counted >= limit) {
			figures.atLeast.add(state);
		}
	}

	List<MinuteFigures> throughput(Connection connection, Instant since, @Nullable String queue) throws SQLException {
		Instant from = since.truncatedTo(ChronoUnit.MINUTES);
		Map<Instant, long[]> minutes = new TreeMap<>();
		for (Finished finished : this.settled.finished(from, Instant.now(),
				(readFrom) -> finished(connection, readFrom, null))) {
			if (queue != null && !queue.equals(finished.queue)) {
				continue;
			}
			long[] figures = minutes.computeIfAbsent(finished.minute, (minute) -> new long[2]);
			figures[0] += finished.completed;
			figures[1] += finished.failed;
		}
		List<MinuteFigures> result = new ArrayList<>(minutes.size());
		minutes.forEach((minute, figures) -> result.add(new MinuteFigures(minute, figures[0], figures[1])));
		return result;
	}

	/**
	 * The oldest available job of a queue: the claim index holds a queue's available jobs
	 * by priority, then due time, so the oldest of each priority is its first entry, and
	 * a loose scan visits the priorities (few, in practice) rather than every job.
	 */
	private @Nullable Instant oldestAvailable(Connection connection, String queue) throws SQLException {
		Instant oldest = null;
		Integer priority = priority(connection, this.topPriority, queue, null);
		while (priority != null) {
			try (PreparedStatement statement = connection.prepareStatement(this.oldestAvailable)) {
				statement.setString(1, queue);
				statement.setInt(2, priority);
				try (ResultSet rows = statement.executeQuery()) {
					Instant first = rows.next() ? this.tables.dialect().getInstant(rows, "oldest") : null;
					if (first != null && (oldest == null || first.isBefore(oldest))) {
						oldest = first;
					}
				}
			}
			priority = priority(connection, this.nextPriority, queue, priority);
		}
		return oldest;
	}

	private static @Nullable Integer priority(Connection connection, String sql, String queue, @Nullable Integer below)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, queue);
			if (below != null) {
				statement.setInt(2, below);
			}
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					return null;
				}
				int priority = rows.getInt(1);
				return rows.wasNull() ? null : priority;
			}
		}
	}

	/**
	 * The queues that have jobs in a state, by a loose index scan: one short index probe
	 * per queue, however many jobs each holds.
	 */
	private List<String> queues(Connection connection, JobState state) throws SQLException {
		List<String> queues = new ArrayList<>();
		String queue = next(connection, this.firstQueue, state, null);
		while (queue != null) {
			queues.add(queue);
			queue = next(connection, this.nextQueue, state, queue);
		}
		return queues;
	}

	private static @Nullable String next(Connection connection, String sql, JobState state, @Nullable String after)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setInt(1, state.code());
			if (after != null) {
				statement.setString(2, after);
			}
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
	}

	private long count(Connection connection, JobState state, String queue, long limit) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.count)) {
			statement.setInt(1, state.code());
			statement.setString(2, queue);
			statement.setLong(3, limit);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private List<Finished> finished(Connection connection, Instant since, @Nullable String queue) throws SQLException {
		List<Finished> finished = new ArrayList<>();
		for (String sql : List.of(this.finishedSince, this.retriedSince)) {
			String filtered = (queue != null) ? sql.replace(" GROUP BY", " AND queue = ? GROUP BY") : sql;
			try (PreparedStatement statement = connection.prepareStatement(filtered)) {
				this.tables.dialect().setInstant(statement, 1, since);
				if (queue != null) {
					statement.setString(2, queue);
				}
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						finished.add(new Finished(rows.getString("queue"),
								this.tables.dialect().getInstant(rows, "at_minute"), rows.getLong("completed"),
								rows.getLong("failed")));
					}
				}
			}
		}
		return finished;
	}

	record Finished(String queue, Instant minute, long completed, long failed) {

	}

	/**
	 * Reads finished jobs from a time on.
	 */
	@FunctionalInterface
	interface FinishedReader {

		List<Finished> read(Instant from) throws SQLException;

	}

	/**
	 * The per-queue figures of each minute that has settled: one that ended long enough
	 * ago that no outcome of it is still on its way (a completer writes within a second;
	 * node clocks differ by a little). A settled minute is kept as first read: later
	 * pruning or retries of its jobs do not change what happened in it.
	 */
	static final class SettledMinutes {

		/** How long after its end a minute is taken as settled. */
		static final Duration SETTLING = Duration.ofMinutes(3);

		/** How long a settled minute is kept: the dashboard shows the last hour. */
		static final Duration KEPT = Duration.ofHours(2);

		private final Map<Instant, List<Finished>> minutes = new ConcurrentHashMap<>();

		/**
		 * The finished jobs from a minute on, per queue and minute: the settled minutes
		 * known already from memory, the rest from the reader.
		 * @param from the first minute
		 * @param now the time
		 * @param reader reads from the database
		 * @return the figures
		 */
		List<Finished> finished(Instant from, Instant now, FinishedReader reader) throws SQLException {
			Instant settledBefore = now.truncatedTo(ChronoUnit.MINUTES).minus(SETTLING);
			// From the first minute not known yet: all of them on the first read, then
			// the
			// minutes still settling and the one that settled since.
			Instant readFrom = from;
			while (readFrom.isBefore(settledBefore) && this.minutes.containsKey(readFrom)) {
				readFrom = readFrom.plus(1, ChronoUnit.MINUTES);
			}
			List<Finished> read = reader.read(readFrom);
			Map<Instant, List<Finished>> settledNow = new TreeMap<>();
			for (Instant minute = readFrom; minute
				.isBefore(settledBefore); minute = minute.plus(1, ChronoUnit.MINUTES)) {
				settledNow.put(minute, new ArrayList<>());
			}
			List<Finished> finished = new ArrayList<>(read);
			for (Finished row : read) {
				List<Finished> ofMinute = settledNow.get(row.minute());
				if (ofMinute != null) {
					ofMinute.add(row);
				}
			}
			settledNow.forEach((minute, rows) -> this.minutes.put(minute, List.copyOf(rows)));
			for (Instant minute = from; minute.isBefore(readFrom); minute = minute.plus(1, ChronoUnit.MINUTES)) {
				finished.addAll(this.minutes.getOrDefault(minute, List.of()));
			}
			Instant forgotten = now.minus(KEPT);
			this.minutes.keySet().removeIf((minute) -> minute.isBefore(forgotten));
			return finished;
		}

	}

	private static final class Figures {

		final Map<JobState, Long> counts = new EnumMap<>(JobState.class);

		final Set<JobState> atLeast = EnumSet.noneOf(JobState.class);

		@Nullable Instant oldestAvailableAt;

		long completedSince;

		long failedSince;

	}

}
