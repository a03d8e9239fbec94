package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobState;
import dev.jobs.store.PruneParams;
import dev.jobs.store.RescueParams;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import dev.jobs.store.memory.MemoryJobStore;
import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.AVAILABLE;
import static dev.jobs.JobState.CANCELLED;
import static dev.jobs.JobState.COMPLETED;
import static dev.jobs.JobState.DISCARDED;
import static dev.jobs.JobState.EXECUTING;
import static dev.jobs.JobState.RETRYABLE;
import static dev.jobs.JobState.SCHEDULED;

/**
 * Leader housekeeping: stage due jobs, rescue dead nodes' jobs, prune finished jobs.
 */
final class MaintenanceSql {

	/**
	 * Splits the shared rescue message around the node id, so SQL can build it per row.
	 */
	private static final String NODE_MARK = "\u0000";

	/**
	 * The rescued attempt's start as the ISO-8601 text the error history keeps (what
	 * {@link Jdbc#text} writes from Java), or NULL when the job has none.
	 */
	private static final String STARTED_TEXT = "to_char(j.attempted_at AT TIME ZONE 'UTC', "
			+ "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

	private final Tables tables;

	private final Dialect dialect;

	private final String stage;

	private final String lockDue;

	private final String nextDue;

	private final String makeAvailable;

	private final String rescue;

	private final String selectOrphans;

	private final String lockOrphans;

	private final String handBack;

	private final String prune;

	private final String pruneNodes;

	private final DependencySql dependencies;

	private final String selectPrunable;

	private final String lockPrunable;

	private final IdLocks locks;

	MaintenanceSql(Tables tables, DependencySql dependencies, @Nullable LocalNotifier local) {
		this.tables = tables;
		this.dependencies = dependencies;
		this.locks = new IdLocks(tables, local);
		this.dialect = tables.dialect();
		String jobs = tables.jobs();
		String due = StateSql.in(RETRYABLE, SCHEDULED);
		String makeAvailable = "SET state = " + AVAILABLE.code();
		// PostgreSQL: one statement stages a batch and says which queues got jobs; the
		// engine wakes them, here and on other nodes, once the statement has committed.
		this.stage = "WITH staged AS (UPDATE " + jobs + " " + makeAvailable + " WHERE id = ANY(ARRAY(SELECT id FROM "
				+ jobs + " WHERE " + due + " AND scheduled_at <= ? ORDER BY scheduled_at, id LIMIT ? "
				+ "FOR UPDATE SKIP LOCKED)) AND " + due + " RETURNING queue) "
				+ "SELECT queue, count(*) AS staged FROM staged GROUP BY queue";
		this.lockDue = "SELECT id, queue FROM " + jobs + " WHERE " + due + " AND scheduled_at <= ? "
				+ "ORDER BY scheduled_at, id" + this.dialect.limit() + " FOR UPDATE SKIP LOCKED";
		// The staging index's first entry: cheap, as the stager asks it each tick.
		this.nextDue = "SELECT MIN(scheduled_at) AS next_due FROM " + jobs + " WHERE " + due + " AND scheduled_at < ?";
		this.makeAvailable = "UPDATE " + jobs + " " + makeAvailable + " WHERE id = ? AND " + due;
		// A node is dead when it has no heartbeat row, or its last beat is before
		// deadBefore. PostgreSQL hands back a batch in one statement: retryable now, or
		// discarded when the attempts are used up, with an error naming the node.
		String dead = StateSql.is(EXECUTING) + " AND NOT EXISTS (SELECT 1 FROM " + tables.nodes()
				+ " n WHERE n.id = x.attempted_by AND n.heartbeat_at >= ?)";
		// A job whose cancel was requested ends cancelled instead of running again.
		this.rescue = "UPDATE " + jobs + " j SET state = CASE WHEN j.cancel_requested THEN " + CANCELLED.code()
				+ " WHEN j.attempt >= j.max_attempts THEN " + DISCARDED.code() + " ELSE " + RETRYABLE.code() + " END, "
				+ "scheduled_at = CASE WHEN j.cancel_requested OR j.attempt >= j.max_attempts THEN j.scheduled_at "
				+ "ELSE ? END, finished_at = CASE WHEN j.cancel_requested OR j.attempt >= j.max_attempts THEN ? "
				+ "ELSE j.finished_at END, "
				+ "errors = j.errors || jsonb_build_array(jsonb_build_object('attempt', j.attempt, 'at', CAST(? AS text), "
				+ "'error', CAST(? AS text) || coalesce(j.attempted_by, 'null') || CAST(? AS text), 'trace', NULL, "
				+ "'node', j.attempted_by, 'started', " + STARTED_TEXT + ")), "
				+ "cancel_requested = false WHERE j.id = ANY(ARRAY(SELECT x.id FROM " + jobs + " x WHERE " + dead
				+ " ORDER BY x.id LIMIT ? FOR UPDATE SKIP LOCKED)) AND " + StateSql.is("j.state", EXECUTING)
				+ " RETURNING " + JobRows.COLUMNS;
		// H2 and MariaDB read the candidates without a lock, then lock exactly
		// those rows by primary key (see IdLocks): a locking read that walks the table
		// (MariaDB picks the primary key for ORDER BY id LIMIT on a small table) locks
		// every row it passes, available jobs too, until commit.
		this.selectOrphans = "SELECT x.id FROM " + jobs + " x WHERE " + dead + " ORDER BY x.id" + this.dialect.limit();
		this.lockOrphans = "SELECT " + JobRows.COLUMNS + " FROM " + this.locks.table("x") + " WHERE " + dead
				+ " AND x.id IN (";
		this.handBack = "UPDATE " + jobs + " SET state = ?, scheduled_at = ?, finished_at = ?, errors = ?, "
				+ "cancel_requested = FALSE WHERE id = ? AND " + StateSql.is(EXECUTING);
		String finishedBefore = "(" + StateSql.is(COMPLETED) + " AND finished_at < ?) OR (" + StateSql.is(CANCELLED)
				+ " AND finished_at < ?) OR (" + StateSql.is(DISCARDED) + " AND finished_at < ?)";
		// A finished job that an unfinished job depends on stays: its result may be read.
		// PostgreSQL deletes a batch and the dependency rows of what it deleted in one
		// statement; H2 and MariaDB lock the batch, then delete it and its rows.
		String prunable = "(" + finishedBefore + ") AND " + dependencies.notNeeded("p");
		this.prune = "WITH gone AS (DELETE FROM " + jobs + " WHERE id = ANY(ARRAY(SELECT p.id FROM " + jobs
				+ " p WHERE " + prunable + " LIMIT ?)) RETURNING id, has_dependents), waiting AS (DELETE FROM "
				+ tables.dependencies() + " e USING gone g WHERE e.job_id = g.id), awaited AS (DELETE FROM "
				+ tables.dependencies() + " e USING gone g WHERE g.has_dependents AND e.depends_on = g.id) "
				+ "SELECT count(*) FROM gone";
		// Read without a lock, then locked by primary key, as the rescue does.
		this.selectPrunable = "SELECT p.id FROM " + jobs + " p WHERE " + prunable + " ORDER BY p.id"
				+ this.dialect.limit();
		this.lockPrunable = "SELECT p.id FROM " + this.locks.table("p") + " WHERE " + prunable + " AND p.id IN (";
		this.pruneNodes = "DELETE FROM " + tables.nodes() + " WHERE heartbeat_at < ?";
	}

	boolean needsTransaction() {
		return this.dialect != Dialect.POSTGRESQL;
	}

	StageResult stage(Connection connection, StageParams params) throws SQLException {
		return (this.dialect == Dialect.POSTGRESQL) ? stageInOneStatement(connection, params)
				: lockThenStage(connection, params);
	}

	@Nullable Instant nextDue(Connection connection, Instant before) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.nextDue)) {
			this.dialect.setInstant(statement, 1, before);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? this.dialect.getInstant(rows, "next_due") : null;
			}
		}
	}

	private StageResult stageInOneStatement(Connection connection, StageParams params) throws SQLException {
		int staged = 0;
		Set<String> queues = new LinkedHashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(this.stage)) {
			this.dialect.setInstant(statement, 1, params.now());
			statement.setInt(2, params.limit());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					queues.add(rows.getString("queue"));
					staged += rows.getInt("staged");
				}
			}
		}
		return new StageResult(staged, queues);
	}

	private StageResult lockThenStage(Connection connection, StageParams params) throws SQLException {
		Set<String> queues = new LinkedHashSet<>();
		List<Long> ids = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(this.lockDue)) {
			this.dialect.setInstant(statement, 1, params.now());
			statement.setInt(2, params.limit());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					ids.add(rows.getLong("id"));
					queues.add(rows.getString("queue"));
				}
			}
		}
		int staged = 0;
		if (!ids.isEmpty()) {
			try (PreparedStatement statement = connection.prepareStatement(this.makeAvailable)) {
				for (long id : ids) {
					statement.setLong(1, id);
					statement.addBatch();
				}
				for (int count : statement.executeBatch()) {
					staged += Math.max(count, 0);
				}
			}
		}
		return new StageResult(staged, queues);
	}

	List<Job> rescue(Connection connection, RescueParams params) throws SQLException {
		return (this.dialect == Dialect.POSTGRESQL) ? rescueInOneStatement(connection, params)
				: lockThenHandBack(connection, params);
	}

	private List<Job> rescueInOneStatement(Connection connection, RescueParams params) throws SQLException {
		String[] message = MemoryJobStore.rescueMessage(NODE_MARK).split(NODE_MARK, -1);
		try (PreparedStatement statement = connection.prepareStatement(this.rescue)) {
			this.dialect.setInstant(statement, 1, params.now());
			this.dialect.setInstant(statement, 2, params.now());
			statement.setString(3, Jdbc.text(params.now()));
			statement.setString(4, message[0]);
			statement.setString(5, message[1]);
			this.dialect.setInstant(statement, 6, params.deadBefore());
			statement.setInt(7, params.limit());
			List<Job> rescued = JobRows.query(statement, this.dialect);
			rescued.sort((a, b) -> Long.compare(a.id(), b.id()));
			return rescued;
		}
	}

	private List<Job> lockThenHandBack(Connection connection, RescueParams params) throws SQLException {
		IdLocks.Parameters deadBefore = (statement, first) -> {
			this.dialect.setInstant(statement, first, params.deadBefore());
			return first + 1;
		};
		List<Long> candidates = this.locks.read(connection, this.selectOrphans, (statement, first) -> {
			int next = deadBefore.bind(statement, first);
			statement.setInt(next, params.limit());
			return next + 1;
		});
		List<Job> orphans = this.locks.lock(connection, this.lockOrphans, deadBefore, candidates,
				(statement) -> JobRows.query(statement, this.dialect), Job::id);
		if (orphans.isEmpty()) {
			return orphans;
		}
		Instant now = params.now();
		try (PreparedStatement statement = connection.prepareStatement(this.handBack)) {
			for (Job job : orphans) {
				boolean discard = job.cancelRequested() || job.attempt() >= job.maxAttempts();
				JobError error = new JobError(job.attempt(), now, MemoryJobStore.rescueMessage(job.attemptedBy()), null,
						job.attemptedBy(), job.attemptedAt());
				JobState state = job.cancelRequested() ? CANCELLED : discard ? DISCARDED : RETRYABLE;
				statement.setInt(1, state.code());
				this.dialect.setInstant(statement, 2, discard ? job.scheduledAt() : now);
				this.dialect.setInstant(statement, 3, discard ? now : job.finishedAt());
				statement.setString(4, ErrorsJson.writeAll(job.errors(), error));
				statement.setLong(5, job.id());
				statement.addBatch();
			}
			statement.executeBatch();
		}
		List<Job> rescued = JobRows.byIds(connection, this.tables, orphans.stream().map(Job::id).toList());
		rescued.sort((a, b) -> Long.compare(a.id(), b.id()));
		return rescued;
	}

	private int bindRetention(PreparedStatement statement, int first, PruneParams params) throws SQLException {
		this.dialect.setInstant(statement, first, params.completedBefore());
		this.dialect.setInstant(statement, first + 1, params.cancelledBefore());
		this.dialect.setInstant(statement, first + 2, params.discardedBefore());
		return first + 3;
	}

	private int deleteLocked(Connection connection, List<Long> ids) throws SQLException {
		int deleted;
		try (PreparedStatement statement = connection.prepareStatement(
				"DELETE FROM " + this.tables.jobs() + " WHERE id IN (" + IdLists.placeholders(ids.size()) + ")")) {
			for (int i = 0; i < ids.size(); i++) {
				statement.setLong(i + 1, ids.get(i));
			}
			deleted = statement.executeUpdate();
		}
		this.dependencies.forget(connection, ids);
		return deleted;
	}

	/**
	 * Tell the jobs waiting for rescued jobs that ended discarded or cancelled.
	 * @param connection the rescue's transaction
	 * @param rescued the rescued jobs
	 * @param now the time
	 */
	void releaseRescued(Connection connection, List<Job> rescued, Instant now) throws SQLException {
		Map<Long, JobState> finished = new LinkedHashMap<>();
		for (Job job : rescued) {
			if (job.state().isFinal()) {
				finished.put(job.id(), job.state());
			}
		}
		if (!finished.isEmpty()) {
			this.dependencies.release(connection, finished, now);
		}
	}

	int prune(Connection connection, PruneParams params) throws SQLException {
		int deleted = 0;
		try (PreparedStatement statement = connection
			.prepareStatement((this.dialect == Dialect.POSTGRESQL) ? this.prune : this.selectPrunable)) {
			bindRetention(statement, 1, params);
			statement.setInt(4, params.limit());
			List<Long> candidates = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					if (this.dialect == Dialect.POSTGRESQL) {
						deleted = rows.getInt(1);
					}
					else {
						candidates.add(rows.getLong(1));
					}
				}
			}
			List<Long> ids = this.locks.lockIds(connection, this.lockPrunable,
					(locking, first) -> bindRetention(locking, first, params), candidates);
			if (!ids.isEmpty()) {
				deleted = deleteLocked(connection, ids);
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(this.pruneNodes)) {
			this.dialect.setInstant(statement, 1, params.nodesBefore());
			statement.executeUpdate();
		}
		return deleted;
	}

}
