package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.jobs.Job;
import dev.jobs.JobState;
import org.jspecify.annotations.Nullable;

import static dev.jobs.JobState.AVAILABLE;
import static dev.jobs.JobState.CANCELLED;
import static dev.jobs.JobState.COMPLETED;
import static dev.jobs.JobState.DISCARDED;
import static dev.jobs.JobState.EXECUTING;
import static dev.jobs.JobState.RETRYABLE;
import static dev.jobs.JobState.SCHEDULED;

/**
 * Changes asked for by people: cancel, retry, and deleting a queue's waiting jobs. Each
 * runs in a transaction of its own, so that its notification is sent on commit.
 */
final class JobCommandSql {

	private final Tables tables;

	private final JobQuerySql query;

	private final String cancel;

	private final String requestCancel;

	private final String retry;

	/** The condition that picks the jobs that {@link #deleteAvailable} deletes. */
	private final String deleteAvailable;

	/** The condition that picks the jobs that {@link #deleteWaiting} deletes. */
	private final String deleteWaiting;

	private final DependencySql dependencies;

	private final @Nullable LocalNotifier local;

	private final IdLocks locks;

	/**
	 * The end of a retry's WHERE clause that leaves alone a job whose unique key another
	 * job holds (alias {@code j} for the retried job).
	 */
	final String uniqueKeyFree;

	JobCommandSql(Tables tables, JobQuerySql query, DependencySql dependencies, @Nullable LocalNotifier local) {
		this.tables = tables;
		this.local = local;
		this.locks = new IdLocks(tables, local);
		this.query = query;
		this.dependencies = dependencies;
		this.cancel = "UPDATE " + tables.jobs() + " SET state = " + CANCELLED.code()
				+ ", finished_at = ?, pending_dependencies = 0 WHERE id = ? AND "
				+ StateSql.in(AVAILABLE, RETRYABLE, SCHEDULED, JobState.PENDING);
		this.requestCancel = "UPDATE " + tables.jobs() + " SET cancel_requested = TRUE WHERE id = ? AND "
				+ StateSql.is(EXECUTING);
		this.deleteAvailable = "queue = ? AND " + StateSql.is(AVAILABLE);
		this.deleteWaiting = "queue = ? AND " + StateSql.in(AVAILABLE, SCHEDULED, RETRYABLE);
		String keyHeldElsewhere = (tables.dialect() != Dialect.POSTGRESQL)
				? "h.unique_holder = j.unique_key AND h.id <> j.id"
				: "h.unique_key = j.unique_key AND h.id <> j.id AND " + StateSql.holdsUniqueKey("h.state");
		// MySQL refuses a subquery on the table an UPDATE changes, but not a derived
		// table, which it materializes first.
		String holders = (tables.dialect() == Dialect.MARIADB)
				? "(SELECT id, unique_holder FROM " + tables.jobs() + " WHERE unique_holder IS NOT NULL)"
				: tables.jobs();
		this.uniqueKeyFree = " AND (unique_key IS NULL OR NOT EXISTS (SELECT 1 FROM " + holders + " h WHERE "
				+ keyHeldElsewhere + "))";
		this.retry = "UPDATE " + tables.jobs() + " j SET state = " + AVAILABLE.code()
				+ ", scheduled_at = ?, finished_at = NULL, "
				+ "max_attempts = CASE WHEN attempt >= max_attempts THEN attempt + 1 ELSE max_attempts END, "
				+ "pending_dependencies = 0 WHERE id = ? AND "
				+ StateSql.in(COMPLETED, RETRYABLE, DISCARDED, CANCELLED, SCHEDULED, JobState.PENDING)
				+ this.uniqueKeyFree;
	}

	Optional<Job> cancel(Connection connection, long id, Instant now) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.cancel)) {
			this.tables.dialect().setInstant(statement, 1, now);
			statement.setLong(2, id);
			if (statement.executeUpdate() == 0) {
				requestCancel(connection, id);
			}
			else {
				// Jobs waiting for this one are cancelled with it.
				this.dependencies.release(connection, Map.of(id, CANCELLED), now);
			}
		}
		return this.query.find(connection, id);
	}

	/**
	 * Flag an executing job for its node to stop, and tell the node at once.
	 */
	private void requestCancel(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(this.requestCancel)) {
			statement.setLong(1, id);
			if (statement.executeUpdate() == 1) {
				Notifications.send(connection, this.tables, this.tables.cancelChannel(), Long.toString(id));
				if (this.local != null) {
					this.local.cancelRequested(connection, List.of(id));
				}
			}
		}
	}

	/**
	 * Make a job available now, unless it is available or executing already, or another
	 * job holds its unique key (running it again would run the unique work twice).
	 * @throws KeyTaken when a concurrent insert took the key between the check and the
	 * update; the transaction is then rolled back and the job is left as it was
	 */
	Optional<Job> retry(Connection connection, long id, Instant now) throws SQLException {
		Optional<Job> before = this.query.find(connection, id);
		if (before.isEmpty() || before.get().state() == JobState.EXECUTING
				|| before.get().state() == JobState.AVAILABLE) {
			return before;
		}
		// A job that used up its attempts gets one more.
		try (PreparedStatement statement = connection.prepareStatement(this.retry)) {
			this.tables.dialect().setInstant(statement, 1, now);
			statement.setLong(2, id);
			// The engine wakes the job's queue once this commits. A job that became
			// available since it was read (staged) is left as it is, but on MariaDB
			// locked until commit: a claim meanwhile skips it, so its queue hears of it.
			if (statement.executeUpdate() == 0) {
				this.locks.announceAvailable(connection, List.of(id));
			}
		}
		catch (SQLException ex) {
			if (Dialect.isUniqueViolation(ex)) {
				throw new KeyTaken(ex);
			}
			throw ex;
		}
		return this.query.find(connection, id);
	}

	int deleteAvailable(Connection connection, String queue, Instant now) throws SQLException {
		return deleteFromQueue(connection, this.deleteAvailable, queue, now);
	}

	int deleteWaiting(Connection connection, String queue, Instant now) throws SQLException {
		return deleteFromQueue(connection, this.deleteWaiting, queue, now);
	}

	private int deleteFromQueue(Connection connection, String doomed, String queue, Instant now) throws SQLException {
		return this.dependencies.delete(connection, doomed, (statement) -> statement.setString(1, queue), now)
			.changed();
	}

	/**
	 * A retried job's unique key was taken while it was being retried.
	 */
	static final class KeyTaken extends RuntimeException {

		KeyTaken(SQLException cause) {
			super(cause);
		}

	}

}
