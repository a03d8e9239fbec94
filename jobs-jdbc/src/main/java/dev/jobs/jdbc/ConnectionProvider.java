package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * How the store gets, and gives back, the connection that enqueues jobs. The default
 * opens a connection from the data source and closes it. A framework binds enqueue to the
 * caller's transaction by handing out that transaction's connection (and not closing it
 * on release): a job inserted that way becomes visible when the transaction commits and
 * disappears when it rolls back.
 * <p>
 * The store never commits, rolls back or closes a connection whose auto-commit is off:
 * that transaction belongs to the caller. Engine operations (claim, complete, staging,
 * rescue, pruning) do not use this provider; they always take their own connections from
 * the data source.
 */
public interface ConnectionProvider {

	/**
	 * Opens a new connection from the data source, and closes it when released.
	 */
	ConnectionProvider DEFAULT = new ConnectionProvider() {

		@Override
		public Connection getConnection(DataSource dataSource) throws SQLException {
			return dataSource.getConnection();
		}

		@Override
		public void releaseConnection(Connection connection, DataSource dataSource) throws SQLException {
			connection.close();
		}

		@Override
		public boolean isCallerTransaction(Connection connection, DataSource dataSource) {
			// Its own connection: the store commits, even when the pool
			// turns auto-commit off.
			return false;
		}

	};

	/**
	 * A connection to enqueue with.
	 * @param dataSource the store's data source
	 * @return the connection
	 * @throws SQLException if none can be had
	 */
	Connection getConnection(DataSource dataSource) throws SQLException;

	/**
	 * Give back a connection from {@link #getConnection(DataSource)}.
	 * @param connection the connection
	 * @param dataSource the store's data source
	 * @throws SQLException if it cannot be released
	 */
	void releaseConnection(Connection connection, DataSource dataSource) throws SQLException;

	/**
	 * Whether the connection takes part in a transaction that the caller commits or rolls
	 * back: the store then only runs its statements on it. On any other connection the
	 * store commits its insert itself. By default, a connection with auto-commit off is
	 * taken to be the caller's transaction.
	 * @param connection a connection from {@link #getConnection(DataSource)}
	 * @param dataSource the store's data source
	 * @return whether the caller commits
	 * @throws SQLException if the connection cannot tell
	 */
	default boolean isCallerTransaction(Connection connection, DataSource dataSource) throws SQLException {
		return !connection.getAutoCommit();
	}

}
