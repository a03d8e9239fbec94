package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.BulkResult;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.AVAILABLE;
import static dev.jobs.JobState.CANCELLED;
import static dev.jobs.JobState.COMPLETED;
import static dev.jobs.JobState.DISCARDED;
import static dev.jobs.JobState.EXECUTING;
import static dev.jobs.JobState.RETRYABLE;
import static dev.jobs.JobState.SCHEDULED;

/**
 * Retry, cancel and delete of many jobs: one statement per chunk of ids (at most
 * {@link dev.jobs.store.JobStore#BULK_CHUNK}), each chunk in a transaction of its own
 * that the caller opens, so that a bulk action over a million jobs never holds a million
 * row locks. Each statement is guarded by the states it leaves, as the single-job
 * commands are.
 */
final class BulkSql {

	private final Tables tables;

	private final Jdbc jdbc;

	private final String retryCondition;

	private final DependencySql dependencies;

	private final @Nullable LocalNotifier local;

	private final IdLocks locks;

	BulkSql(Tables tables, Jdbc jdbc, String retryCondition, DependencySql dependencies,
			@Nullable LocalNotifier local) {
		this.tables = tables;
		this.local = local;
		this.locks = new IdLocks(tables, local);
		this.jdbc = jdbc;
		this.retryCondition = retryCondition;
		this.dependencies = dependencies;
	}

	/**
	 * Retry the jobs chunk by chunk.
	 * @param retryOne the single-job retry, for a chunk whose jobs share a unique key
	 */
	BulkResult retryAll(Collection<Long> ids, Instant now, BiFunction<Long, Instant, Optional<Job>> retryOne) {
		BulkResult result = BulkResult.NONE;
		for (List<Long> chunk : chunks(ids)) {
			try {
				result = result.plus(this.jdbc.transaction("retry " + chunk.size() + " jobs",
						(connection) -> retry(connection, chunk, now)));
			}
			catch (JobCommandSql.KeyTaken ex) {
				// Two of them share a unique key: one at a time, the first one takes it.
				for (long id : chunk) {
					Optional<Job> after = retryOne.apply(id, now);
					if (after.isPresent() && after.get().state() == JobState.AVAILABLE
							&& now.equals(after.get().scheduledAt())) {
						result = result.plus(new BulkResult(1, Set.of(after.get().queue())));
					}
				}
			}
		}
		return result;
	}

	BulkResult cancelAll(Collection<Long> ids, Instant now) {
		return inChunks("cancel", ids, (connection, chunk) -> cancel(connection, chunk, now));
	}

	BulkResult deleteAll(Collection<Long> ids, Instant now) {
		return inChunks("delete", ids,
				(connection, chunk) -> this.dependencies.delete(connection,
						"id IN (" + IdLists.placeholders(chunk.size()) + ") AND state <> " + EXECUTING.code(),
						(statement) -> IdLists.bind(statement, 1, chunk), now));
	}

	/** One transaction per chunk of ids, the results added up. */
	private BulkResult inChunks(String verb, Collection<Long> ids, ChunkWork work) {
		BulkResult result = BulkResult.NONE;
		for (List<Long> chunk : chunks(ids)) {
			result = result.plus(this.jdbc.transaction(verb + " " + chunk.size() + " jobs",
					(connection) -> work.run(connection, chunk)));
		}
		return result;
	}

	private static List<List<Long>> chunks(Collection<Long> ids) {
		return IdLists.chunks(new LinkedHashSet<>(ids), JobStore.BULK_CHUNK);
	}

	/**
	 * Make the jobs available now, as {@link JobCommandSql#retry} does for one.
	 * @throws JobCommandSql.KeyTaken when two of the jobs share a unique key, or another
	 * job took one meanwhile: the caller retries the chunk one job at a time
	 */
	private BulkResult retry(Connection connection, List<Long> ids, Instant now) throws SQLException {
		String retryable = StateSql.in(COMPLETED, RETRYABLE, DISCARDED, CANCELLED, SCHEDULED);
		Set<String> queues = queues(connection, ids, retryable);
		// The update by condition would lock the jobs of the list that it leaves, the
		// available ones among them.
		List<Long> retried = this.locks.readsFirst() ? lockIds(connection, ids, retryable) : ids;
		if (retried.isEmpty()) {
			return BulkResult.NONE;
		}
		String sql = "UPDATE " + this.locks.table("j") + " SET state = " + AVAILABLE.code()
				+ ", scheduled_at = ?, finished_at = NULL, "
				+ "max_attempts = CASE WHEN attempt >= max_attempts THEN attempt + 1 ELSE max_attempts END WHERE id IN ("
				+ IdLists.placeholders(retried.size()) + ") AND " + retryable + this.retryCondition;
		int changed;
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			this.tables.dialect().setInstant(statement, 1, now);
			IdLists.bind(statement, 2, retried);
			changed = statement.executeUpdate();
		}
		catch (SQLException ex) {
			if (Dialect.isUniqueViolation(ex)) {
				throw new JobCommandSql.KeyTaken(ex);
			}
			throw ex;
		}
		if (changed > 0 && this.tables.dialect() == Dialect.POSTGRESQL) {
			// Other nodes wake when this commits, as they do for new jobs.
			Notifications.send(connection, this.tables.insertChannel(), queues);
		}
		return new BulkResult(changed, (changed > 0) ? queues : Set.of());
	}

	private BulkResult cancel(Connection connection, List<Long> ids, Instant now) throws SQLException {
		String waiting = StateSql.in(AVAILABLE, RETRYABLE, SCHEDULED, JobState.PENDING);
		String running = StateSql.is(EXECUTING) + " AND NOT cancel_requested";
		Set<String> queues = queues(connection, ids, "(" + waiting + " OR " + running + ")");
		List<Long> stopping = this.locks.read(connection, "SELECT id FROM " + this.tables.jobs() + " WHERE id IN ("
				+ IdLists.placeholders(ids.size()) + ") AND " + running,
				(statement, first) -> IdLists.bind(statement, first, ids));
		List<Long> cancelled = lockIds(connection, ids, waiting);
		int changed = 0;
		if (!cancelled.isEmpty()) {
			try (PreparedStatement statement = connection.prepareStatement("UPDATE " + this.locks.table("")
					+ " SET state = " + CANCELLED.code() + ", finished_at = ?, pending_dependencies = 0 WHERE id IN ("
					+ IdLists.placeholders(cancelled.size()) + ") AND " + waiting)) {
				this.tables.dialect().setInstant(statement, 1, now);
				IdLists.bind(statement, 2, cancelled);
				changed = statement.executeUpdate();
			}
			// Jobs waiting for them are cancelled with them, as by a single cancel.
			Map<Long, JobState> finished = new LinkedHashMap<>();
			cancelled.forEach((id) -> finished.put(id, CANCELLED));
			this.dependencies.release(connection, finished, Jdbc.micros(now));
		}
		// An update by the list would lock the jobs of the list it leaves (MariaDB).
		if (this.locks.readsFirst()) {
			stopping = this.locks.lockIds(connection,
					"SELECT id FROM " + this.locks.table("") + " WHERE " + running + " AND id IN (",
					IdLocks.Parameters.NONE, stopping);
		}
		List<Long> asked = this.locks.readsFirst() ? stopping : ids;
		if (!asked.isEmpty()) {
			try (PreparedStatement statement = connection
				.prepareStatement("UPDATE " + this.locks.table("") + " SET cancel_requested = TRUE WHERE id IN ("
						+ IdLists.placeholders(asked.size()) + ") AND " + running)) {
				IdLists.bind(statement, 1, asked);
				changed += statement.executeUpdate();
			}
		}
		if (!stopping.isEmpty() && this.tables.dialect() == Dialect.POSTGRESQL) {
			Notifications.send(connection, this.tables.cancelChannel(),
					stopping.stream().map(String::valueOf).toList());
		}
		if (this.local != null) {
			this.local.cancelRequested(connection, stopping);
		}
		return new BulkResult(changed, (changed > 0) ? queues : Set.of());
	}

	/**
	 * Lock the jobs of the list that match. On MariaDB, read them first and lock them by
	 * primary key: a locking read by condition walked a state index when it covered the
	 * read, and locked every available job (see {@link IdLocks}).
	 */
	private List<Long> lockIds(Connection connection, List<Long> ids, String condition) throws SQLException {
		String matching = "SELECT id FROM " + this.tables.jobs() + " WHERE id IN (" + IdLists.placeholders(ids.size())
				+ ") AND " + condition + " ORDER BY id";
		IdLocks.Parameters list = (statement, first) -> IdLists.bind(statement, first, ids);
		if (!this.locks.readsFirst()) {
			return this.locks.read(connection, matching + " FOR UPDATE", list);
		}
		return this.locks.lockIds(connection,
				"SELECT id FROM " + this.locks.table("") + " WHERE " + condition + " AND id IN (",
				IdLocks.Parameters.NONE, this.locks.read(connection, matching, list));
	}

	private Set<String> queues(Connection connection, List<Long> ids, String condition) throws SQLException {
		Set<String> queues = new TreeSet<>();
		try (PreparedStatement statement = connection.prepareStatement("SELECT DISTINCT queue FROM "
				+ this.tables.jobs() + " WHERE id IN (" + IdLists.placeholders(ids.size()) + ") AND " + condition)) {
			IdLists.bind(statement, 1, ids);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					queues.add(rows.getString(1));
				}
			}
		}
		return queues;
	}

	/**
	 * The work on one chunk of ids, in its transaction.
	 */
	@FunctionalInterface
	private interface ChunkWork {

		BulkResult run(Connection connection, List<Long> chunk) throws SQLException;

	}

}
