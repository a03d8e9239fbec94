package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.ListParams;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.COMPLETED;
import static dev.jobs.JobState.DISCARDED;
import static dev.jobs.JobState.RETRYABLE;

/**
 * Reads for people and dashboards: one job, a page of jobs, figures per queue.
 */
final class JobQuerySql {

	private final Tables tables;

	private final String stats;

	private final TagsSql tags;

	JobQuerySql(Tables tables) {
		this.tables = tables;
		this.tags = new TagsSql(tables);
		// One pass over the table, grouped by queue and state; the pruner keeps it small.
		String completedSince = StateSql.is(COMPLETED) + " AND finished_at >= ?";
		String failedSince = "(" + StateSql.is(DISCARDED) + " AND finished_at >= ?) OR (" + StateSql.is(RETRYABLE)
				+ " AND attempted_at >= ?)";
		this.stats = "SELECT queue, state, count(*) AS jobs, min(scheduled_at) AS oldest_scheduled, sum(CASE WHEN "
				+ completedSince + " THEN 1 ELSE 0 END) AS completed_since, sum(CASE WHEN " + failedSince
				+ " THEN 1 ELSE 0 END) AS failed_since FROM " + tables.jobs() + " GROUP BY queue, state";
	}

	Optional<Job> find(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT " + JobRows.COLUMNS + " FROM " + this.tables.jobs() + " WHERE id = ?")) {
			statement.setLong(1, id);
			return JobRows.query(statement, this.tables.dialect()).stream().findFirst();
		}
	}

	List<Job> list(Connection connection, ListParams params) throws SQLException {
		StringBuilder sql = new StringBuilder("SELECT ").append(JobRows.COLUMNS)
			.append(" FROM ")
			.append(this.tables.jobs())
			.append(" WHERE 1 = 1");
		List<Object> values = new ArrayList<>();
		if (params.queue() != null) {
			sql.append(" AND queue = ?");
			values.add(params.queue());
		}
		if (params.state() != null) {
			sql.append(" AND state = ?");
			values.add(params.state().code());
		}
		if (params.attemptedBy() != null) {
			sql.append(" AND attempted_by = ?");
			values.add(params.attemptedBy());
		}
		if (params.tag() != null) {
			sql.append(this.tags.filter());
			values.add(params.tag());
		}
		if (params.beforeId() != null) {
			sql.append(" AND id < ?");
			values.add(params.beforeId());
		}
		sql.append(" ORDER BY id DESC").append(this.tables.dialect().limit());
		values.add(params.limit());
		try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
			for (int i = 0; i < values.size(); i++) {
				statement.setObject(i + 1, values.get(i));
			}
			return JobRows.query(statement, this.tables.dialect());
		}
	}

	List<QueueStats> stats(Connection connection, StatsParams params) throws SQLException {
		Map<String, Figures> byQueue = new TreeMap<>();
		try (PreparedStatement statement = connection.prepareStatement(this.stats)) {
			for (int i = 1; i <= 3; i++) {
				this.tables.dialect().setInstant(statement, i, params.since());
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					Figures figures = byQueue.computeIfAbsent(rows.getString("queue"), (queue) -> new Figures());
					JobState state = JobState.fromCode(rows.getInt("state"));
					figures.counts.put(state, rows.getLong("jobs"));
					if (state == JobState.AVAILABLE) {
						figures.oldestAvailableAt = this.tables.dialect().getInstant(rows, "oldest_scheduled");
					}
					figures.completedSince += rows.getLong("completed_since");
					figures.failedSince += rows.getLong("failed_since");
				}
			}
		}
		List<QueueStats> stats = new ArrayList<>(byQueue.size());
		byQueue.forEach((queue, figures) -> stats.add(new QueueStats(queue, figures.counts, figures.oldestAvailableAt,
				figures.completedSince, figures.failedSince)));
		return stats;
	}

	private static final class Figures {

		final Map<JobState, Long> counts = new EnumMap<>(JobState.class);

		@Nullable Instant oldestAvailableAt;

		long completedSince;

		long failedSince;

	}

}
