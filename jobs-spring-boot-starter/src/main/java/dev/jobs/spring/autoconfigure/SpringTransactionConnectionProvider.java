package dev.jobs.spring.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.jobs.jdbc.ConnectionProvider;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hands the store the connection of the caller's Spring transaction, so that a job
 * enqueued inside a transaction commits or rolls back with it. Outside a transaction it
 * is a connection of its own, which the store commits and closes.
 */
public final class SpringTransactionConnectionProvider implements ConnectionProvider {

	@Override
	public Connection getConnection(DataSource dataSource) throws SQLException {
		try {
			return DataSourceUtils.getConnection(dataSource);
		}
		catch (CannotGetJdbcConnectionException ex) {
			if (ex.getCause() instanceof SQLException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	@Override
	public void releaseConnection(Connection connection, DataSource dataSource) {
		DataSourceUtils.releaseConnection(connection, dataSource);
	}

	@Override
	public boolean isCallerTransaction(Connection connection, DataSource dataSource) {
		// Outside a Spring transaction the connection is the store's own, whatever its
		// auto-commit says. Synchronization alone (propagation SUPPORTS or
		// NOT_SUPPORTED) binds the connection without a transaction to commit it: then
		// the store commits, or the job would be lost on a pool with auto-commit off.
		return TransactionSynchronizationManager.isActualTransactionActive()
				&& DataSourceUtils.isConnectionTransactional(connection, dataSource);
	}

}
