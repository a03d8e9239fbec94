package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import dev.jobs.JobsException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections, transactions and the translation of {@link SQLException} into
 * {@link JobsException}s that say what the store was doing. Engine operations use their
 * own connections from the data source; enqueue uses the {@link ConnectionProvider}'s.
 */
final class Jdbc {

	private static final Logger logger = LoggerFactory.getLogger(Jdbc.class);

	/**
	 * What the current thread's store transaction does once it commits; unset outside
	 * one. A thread runs one store transaction at a time, start to end.
	 */
	private static final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

	/** How often a transaction is tried when the database rolls it back in a conflict. */
	static final int CONFLICT_ATTEMPTS = 5;

	private final DataSource dataSource;

	private final ConnectionProvider provider;

	Jdbc(DataSource dataSource, ConnectionProvider provider) {
		this.dataSource = dataSource;
		this.provider = provider;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * Run work on an own connection in auto-commit mode: each statement commits by
	 * itself. For single statements, which are atomic anyway, this saves the round trip
	 * of an explicit commit.
	 * @param what what the store is doing, for the error message
	 * @param work the work
	 * @param <T> the result type
	 * @return the work's result
	 */
	<T> T autoCommit(String what, SqlWork<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			return work.run(connection);
		}
		catch (SQLException ex) {
			throw failure(what, ex);
		}
	}

	/**
	 * Run work in a transaction of its own, on an own connection.
	 * @param what what the store is doing, for the error message
	 * @param work the work
	 * @param <T> the result type
	 * @return the work's result
	 */
	<T> T transaction(String what, SqlWork<T> work) {
		try {
			return retryingConflicts(what, () -> {
				try (Connection connection = this.dataSource.getConnection()) {
					return inTransaction(connection, work);
				}
			});
		}
		catch (SQLException ex) {
			throw failure(what, ex);
		}
	}

	/**
	 * Run work on the provider's connection. In the caller's transaction it only runs the
	 * statements, and the caller commits; otherwise the work commits here (as one
	 * transaction when it needs atomicity, or when auto-commit is off).
	 * @param what what the store is doing, for the error message
	 * @param atomic whether the work has several statements that must commit together
	 * @param work the work
	 * @param <T> the result type
	 * @return the work's result
	 */
	<T> T callerConnection(String what, boolean atomic, SqlWork<T> work) {
		Connection connection;
		try {
			connection = this.provider.getConnection(this.dataSource);
		}
		catch (SQLException ex) {
			throw failure(what, ex);
		}
		try {
			if (this.provider.isCallerTransaction(connection, this.dataSource)
					|| (!atomic && connection.getAutoCommit())) {
				// A conflict here rolls back the caller's transaction (or a single
				// statement): only the caller can run it again.
				return work.run(connection);
			}
			return retryingConflicts(what, () -> inTransaction(connection, work));
		}
		catch (SQLException ex) {
			throw failure(what, ex);
		}
		finally {
			try {
				this.provider.releaseConnection(connection, this.dataSource);
			}
			catch (SQLException ex) {
				// The work's outcome stands; a connection that cannot be given back is
				// the pool's problem.
				logger.warn("Could not release the connection after the job store tried to {}: {}", what, describe(ex));
			}
		}
	}

	/**
	 * Run a transaction, and run it again when the database rolled it back to break a
	 * deadlock or a serialization conflict with another transaction. The store's own
	 * transactions are short and lock rows that other nodes lock too (a workflow's insert
	 * locks its dependencies while their completions release the jobs that wait for them;
	 * InnoDB also locks index gaps), so a conflict is rare but normal; rolled back, the
	 * transaction left nothing behind, and its next try usually passes.
	 */
	private static <T> T retryingConflicts(String what, SqlAttempt<T> transaction) throws SQLException {
		for (int attempt = 1;; attempt++) {
			try {
				return transaction.run();
			}
			catch (SQLException ex) {
				if (!isConflict(ex) || attempt == CONFLICT_ATTEMPTS) {
					throw ex;
				}
				logger.debug(
						"The database rolled back the job store's transaction to {} (try {} of {}), trying again: {}",
						what, attempt, CONFLICT_ATTEMPTS, describe(ex));
				pauseAfterConflict(attempt);
			}
		}
	}

	/**
	 * Whether the database rolled the transaction back because it conflicted with
	 * another: SQLState 40001 (serialization failure; MariaDB, MySQL and H2 report
	 * deadlocks so) or 40P01 (PostgreSQL's deadlock).
	 * @param ex the failure
	 * @return true for a conflict that a new try may not meet
	 */
	static boolean isConflict(SQLException ex) {
		for (SQLException cause = ex; cause != null; cause = cause.getNextException()) {
			String state = cause.getSQLState();
			if ("40001".equals(state) || "40P01".equals(state)) {
				return true;
			}
		}
		return false;
	}

	/** A random pause, longer after each try, so that the two sides do not meet again. */
	private static void pauseAfterConflict(int attempt) {
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt + 1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Do something once the connection's work is committed: at once on an auto-commit
	 * connection (its statements committed already), after the commit in one of the
	 * store's transactions, never if that transaction rolls back. In the caller's
	 * transaction the store cannot know when it commits: the action is dropped, so use
	 * this only for what polling makes up for, such as waking a producer early.
	 * @param connection the connection the work ran on
	 * @param action what to do; an exception it throws is logged
	 */
	static void afterCommit(Connection connection, Runnable action) throws SQLException {
		List<Runnable> actions = afterCommit.get();
		if (connection.getAutoCommit()) {
			runQuietly(action);
		}
		else if (actions != null) {
			actions.add(action);
		}
	}

	private static void runQuietly(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			// The work is committed: its caller must hear that it succeeded.
			logger.warn("An action after a job store commit failed", ex);
		}
	}

	private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		if (autoCommit) {
			connection.setAutoCommit(false);
		}
		List<Runnable> actions = new ArrayList<>();
		afterCommit.set(actions);
		try {
			T result = work.run(connection);
			connection.commit();
			afterCommit.remove();
			actions.forEach(Jdbc::runQuietly);
			return result;
		}
		catch (SQLException | RuntimeException ex) {
			try {
				connection.rollback();
			}
			catch (SQLException rollbackFailure) {
				ex.addSuppressed(rollbackFailure);
			}
			throw ex;
		}
		finally {
			afterCommit.remove();
			if (autoCommit) {
				connection.setAutoCommit(true);
			}
		}
	}

	static JobsException failure(String what, SQLException ex) {
		String advice = isConflict(ex) ? "; the database rolled the transaction back to break a conflict with "
				+ "another, so nothing of it was written: run the transaction again" : "";
		return new JobsException("Could not " + what + ": " + describe(ex) + advice, ex);
	}

	static String describe(SQLException ex) {
		String state = ex.getSQLState();
		return (state != null) ? ex.getMessage() + " [SQLState " + state + "]" : String.valueOf(ex.getMessage());
	}

	/**
	 * Times are stored with microsecond precision (every database's); the store cuts them
	 * the same way before it writes or compares, so that it returns what it stored.
	 * @param instant a time
	 * @return the time without its nanoseconds below a microsecond
	 */
	static Instant micros(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * A time as text that both databases read as a timestamp with time zone, for arrays.
	 * @param instant the time
	 * @return ISO-8601 text in UTC
	 */
	static @Nullable String text(@Nullable Instant instant) {
		return (instant != null) ? micros(instant).toString() : null;
	}

	/**
	 * Work on a connection.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface SqlWork<T> {

		T run(Connection connection) throws SQLException;

	}

	/**
	 * One try of a transaction.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	private interface SqlAttempt<T> {

		T run() throws SQLException;

	}

}
