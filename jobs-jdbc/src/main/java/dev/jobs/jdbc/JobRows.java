package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.ClaimPosition;

/**
 * Reads job rows into {@link Job}s. Statements that return jobs select {@link #COLUMNS}.
 */
final class JobRows {

	static final String COLUMNS = "id, queue, kind, args, state, priority, attempt, max_attempts, inserted_at, "
			+ "scheduled_at, attempted_at, attempted_by, finished_at, errors, unique_key, timeout_ms, cancel_requested, "
			+ "result, workflow_id, step, limit_key, tags, meta";

	/**
	 * The order in which jobs are claimed: higher priority, then oldest, then lowest id.
	 */
	static final Comparator<Job> CLAIM_ORDER = ClaimPosition.claimOrder(Job::priority, Job::scheduledAt, Job::id);

	/** Ids per IN list: few enough distinct statements, far below any parameter limit. */
	private static final int ID_CHUNK = 500;

	private JobRows() {
	}

	static Job map(ResultSet row, Dialect dialect) throws SQLException {
		long timeoutMillis = row.getLong("timeout_ms");
		Duration timeout = row.wasNull() ? null : Duration.ofMillis(timeoutMillis);
		long workflow = row.getLong("workflow_id");
		Long workflowId = row.wasNull() ? null : workflow;
		return new Job(row.getLong("id"), row.getString("queue"), row.getString("kind"), row.getString("args"),
				JobState.fromCode(row.getInt("state")), row.getInt("priority"), row.getInt("attempt"),
				row.getInt("max_attempts"), dialect.getInstant(row, "inserted_at"),
				dialect.getInstant(row, "scheduled_at"), dialect.getInstant(row, "attempted_at"),
				row.getString("attempted_by"), dialect.getInstant(row, "finished_at"),
				ErrorsJson.read(row.getString("errors")), row.getString("unique_key"), timeout,
				row.getBoolean("cancel_requested"), row.getString("result"), workflowId, row.getString("step"),
				row.getString("limit_key"), TagsJson.readTags(row.getString("tags")),
				TagsJson.readMeta(row.getString("meta")));
	}

	static List<Job> list(ResultSet rows, Dialect dialect) throws SQLException {
		List<Job> jobs = new ArrayList<>();
		while (rows.next()) {
			jobs.add(map(rows, dialect));
		}
		return jobs;
	}

	/**
	 * The jobs with the given ids, in no particular order.
	 * @param connection the connection
	 * @param tables the tables
	 * @param ids the ids
	 * @return the jobs that exist
	 */
	static List<Job> byIds(Connection connection, Tables tables, Collection<Long> ids) throws SQLException {
		List<Job> jobs = new ArrayList<>(ids.size());
		for (List<Long> chunk : IdLists.chunks(ids, ID_CHUNK)) {
			String sql = "SELECT " + COLUMNS + " FROM " + tables.jobs() + " WHERE id IN ("
					+ IdLists.placeholders(chunk.size()) + ")";
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				IdLists.bind(statement, 1, chunk);
				jobs.addAll(query(statement, tables.dialect()));
			}
		}
		return jobs;
	}

	static List<Job> query(PreparedStatement statement, Dialect dialect) throws SQLException {
		try (ResultSet rows = statement.executeQuery()) {
			return list(rows, dialect);
		}
	}

}
