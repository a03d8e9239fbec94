package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

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
		try (Connection connection = this.dataSource.getConnection()) {
			return inTransaction(connection, work);
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
				return work.run(connection);
			}
			return inTransaction(connection, work);
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

	private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		if (autoCommit) {
			connection.setAutoCommit(false);
		}
		try {
			T result = work.run(connection);
			connection.commit();
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
			if (autoCommit) {
				connection.setAutoCommit(true);
			}
		}
	}

	static JobsException failure(String what, SQLException ex) {
		return new JobsException("Could not " + what + ": " + describe(ex), ex);
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

}
