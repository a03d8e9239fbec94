package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.jobs.Job;
import dev.jobs.store.ClaimPosition;
import dev.jobs.store.FetchParams;

import static dev.jobs.JobState.AVAILABLE;
import static dev.jobs.JobState.EXECUTING;

/**
 * The claim: the next available jobs of one queue become executing on one node. Jobs that
 * a concurrent claim holds are skipped, never waited for.
 */
final class ClaimSql {

	private final Tables tables;

	private final Dialect dialect;

	private final String claim;

	private final String claimAfter;

	private final String lockAvailable;

	private final String selectAvailable;

	private final String isPaused;

	private final String markExecuting;

	/**
	 * SQL for claims.
	 * @param tables the tables
	 * @param waitForFlush whether a claim's commit waits for the WAL flush (PostgreSQL)
	 */
	ClaimSql(Tables tables, boolean waitForFlush) {
		this.tables = tables;
		this.dialect = tables.dialect();
		String jobs = tables.jobs();
		String available = StateSql.is(AVAILABLE);
		String setExecuting = "SET state = " + EXECUTING.code() + ", attempt = attempt + 1, attempted_at = ?, "
				+ "attempted_by = ?";
		// PostgreSQL: one statement. The inner select locks the batch, skipping rows
		// that other claims hold, and the update claims exactly those rows. id =
		// ANY(ARRAY(...)) keeps the update on the primary key; the IN (SELECT ...) and
		// CTE-join forms were seen turning into a hash join over a sequential scan
		// (see docs/jdbc.md). The paused check is uncorrelated, so it runs once,
		// before the scan. The outer guard is written so that no state index can
		// serve it (StateSql.guard): the rows are found by primary key, whatever the
		// statistics say.
		String claimFrom = "UPDATE " + jobs + " " + setExecuting + " WHERE id = ANY(ARRAY(SELECT id FROM " + jobs
				+ " WHERE " + available + " AND queue = ? AND NOT EXISTS (SELECT 1 FROM " + tables.queues()
				+ " WHERE name = ? AND paused)";
		String claimRest = " ORDER BY priority DESC, scheduled_at, id LIMIT ? FOR UPDATE SKIP LOCKED)) AND "
				+ StateSql.guard(AVAILABLE) + this.dialect.commitCondition(waitForFlush) + " RETURNING "
				+ JobRows.COLUMNS;
		this.claim = claimFrom + claimRest;
		// After a position: the index conditions on priority and the row comparison let
		// the scan descend the claim index to the position, past the entries of the jobs
		// claimed since the last vacuum that a claim from the head walks one by one.
		this.claimAfter = claimFrom + " AND priority = ? AND (scheduled_at, id) > (?, ?)" + claimRest;
		// MariaDB has no UPDATE ... RETURNING, so its claim is a short transaction of its
		// own: lock the batch, then mark it. It orders by the stored negated priority, so
		// that its ascending claim index gives the claim order without a sort: before
		// 10.8 it ignores DESC in an index, and a sort would lock all of a queue's jobs.
		// It reads the whole rows as it locks them, with the paused check as an
		// uncorrelated subquery (evaluated once), and builds the claimed jobs from them:
		// two statements and the commit per claim.
		this.lockAvailable = "SELECT " + JobRows.COLUMNS + " FROM " + jobs + " WHERE " + available + " AND queue = ? "
				+ "AND NOT EXISTS (SELECT 1 FROM " + tables.queues() + " WHERE name = ? AND paused) "
				+ "ORDER BY negated_priority, scheduled_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
		// H2: a short transaction of its own that picks the batch, then claims each row
		// with an update guarded by its state. H2 walks the claim index in order, and
		// stops after the batch, only when the ORDER BY names the index's leading
		// columns and there is no FOR UPDATE; otherwise it reads, sorts and locks every
		// available job of the queue, so a claim grew with the backlog (130 ms at
		// 100,000 jobs). A concurrent claim of the same row waits for ours to commit,
		// then finds it taken: the update count says which rows this claim got.
		this.isPaused = "SELECT paused FROM " + tables.queues() + " WHERE name = ?";
		this.selectAvailable = "SELECT id FROM " + jobs + " WHERE " + available + " AND queue = ? "
				+ "ORDER BY state, queue, priority DESC, scheduled_at, id FETCH FIRST ? ROWS ONLY";
		this.markExecuting = "UPDATE " + jobs + " " + setExecuting + " WHERE " + available + " AND id ";
	}

	/**
	 * The PostgreSQL claim statement, for tests that check its plan.
	 * @return the SQL, with parameters claim time, node, queue, queue, limit
	 */
	String postgresClaimStatement() {
		return this.claim;
	}

	/**
	 * The locking select of the H2 and MariaDB claim, for tests that check its plan.
	 * @return the SQL, with parameters queue, limit (on MariaDB queue, queue, limit)
	 */
	String lockStatement() {
		return this.lockAvailable;
	}

	/**
	 * Whether {@link #claim} needs a transaction of its own.
	 * @return false for PostgreSQL's single statement
	 */
	boolean needsTransaction() {
		return this.dialect != Dialect.POSTGRESQL;
	}

	/**
	 * Claim jobs.
	 * @param connection the connection
	 * @param params the claim
	 * @return the claimed jobs in claim order
	 */
	List<Job> claim(Connection connection, FetchParams params) throws SQLException {
		List<Job> claimed = switch (this.dialect) {
			case POSTGRESQL -> claimInOneStatement(connection, params);
			case MARIADB -> lockRowsThenMark(connection, params);
			case H2 -> pickThenMark(connection, params);
		};
		claimed.sort(JobRows.CLAIM_ORDER);
		return claimed;
	}

	private List<Job> claimInOneStatement(Connection connection, FetchParams params) throws SQLException {
		ClaimPosition after = params.after();
		try (PreparedStatement statement = connection
			.prepareStatement((after != null) ? this.claimAfter : this.claim)) {
			int index = 1;
			this.dialect.setInstant(statement, index++, params.now());
			statement.setString(index++, params.nodeId());
			statement.setString(index++, params.queue());
			statement.setString(index++, params.queue());
			if (after != null) {
				statement.setInt(index++, after.priority());
				this.dialect.setInstant(statement, index++, after.scheduledAt());
				statement.setLong(index++, after.id());
			}
			statement.setInt(index, params.limit());
			return JobRows.query(statement, this.dialect);
		}
	}

	/**
	 * The PostgreSQL claim after a position, for tests that check its plan.
	 * @return the SQL, with parameters claim time, node, queue, queue, priority,
	 * scheduled time, id, limit
	 */
	String postgresClaimAfterStatement() {
		return this.claimAfter;
	}

	private List<Job> pickThenMark(Connection connection, FetchParams params) throws SQLException {
		if (isPaused(connection, params.queue())) {
			return new ArrayList<>();
		}
		List<Long> ids = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(this.selectAvailable)) {
			statement.setString(1, params.queue());
			statement.setInt(2, params.limit());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					ids.add(rows.getLong(1));
				}
			}
		}
		if (ids.isEmpty()) {
			return new ArrayList<>();
		}
		List<Long> claimed = new ArrayList<>(ids.size());
		try (PreparedStatement statement = connection.prepareStatement(this.markExecuting + "= ?")) {
			for (long id : ids) {
				this.dialect.setInstant(statement, 1, params.now());
				statement.setString(2, params.nodeId());
				statement.setLong(3, id);
				statement.addBatch();
			}
			int[] counts = statement.executeBatch();
			for (int i = 0; i < counts.length; i++) {
				if (counts[i] > 0) {
					claimed.add(ids.get(i));
				}
			}
		}
		return claimed.isEmpty() ? new ArrayList<>() : JobRows.byIds(connection, this.tables, claimed);
	}

	/**
	 * MariaDB: lock the batch, reading its rows, and mark it with one update. The claimed
	 * jobs are the rows as read with the claim's changes: the lock kept them.
	 */
	private List<Job> lockRowsThenMark(Connection connection, FetchParams params) throws SQLException {
		List<Job> locked;
		try (PreparedStatement statement = connection.prepareStatement(this.lockAvailable)) {
			statement.setString(1, params.queue());
			statement.setString(2, params.queue());
			statement.setInt(3, params.limit());
			locked = JobRows.query(statement, this.dialect);
		}
		if (locked.isEmpty()) {
			return locked;
		}
		List<Long> ids = locked.stream().map(Job::id).toList();
		int marked;
		try (PreparedStatement statement = connection
			.prepareStatement(this.markExecuting + "IN (" + IdLists.placeholders(ids.size()) + ")")) {
			this.dialect.setInstant(statement, 1, params.now());
			statement.setString(2, params.nodeId());
			IdLists.bind(statement, 3, ids);
			marked = statement.executeUpdate();
		}
		if (marked != locked.size()) {
			// Not expected under the lock; the rows as stored are the truth, and only
			// those this claim marked are its own.
			Instant claimedAt = Jdbc.micros(params.now());
			return JobRows.byIds(connection, this.tables, ids)
				.stream()
				.filter((job) -> job.state() == EXECUTING && params.nodeId().equals(job.attemptedBy())
						&& claimedAt.equals(job.attemptedAt()))
				.collect(Collectors.toCollection(ArrayList::new));
		}
		Instant now = Jdbc.micros(params.now());
		List<Job> claimed = new ArrayList<>(locked.size());
		for (Job job : locked) {
			claimed.add(job.claimed(params.nodeId(), now));
		}
		return claimed;
	}

	private boolean isPaused(Connection connection, String queue) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.isPaused)) {
			statement.setString(1, queue);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() && rows.getBoolean(1);
			}
		}
	}

}
