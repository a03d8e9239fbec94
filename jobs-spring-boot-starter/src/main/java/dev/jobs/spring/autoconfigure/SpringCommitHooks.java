package dev.jobs.spring.autoconfigure;

import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.jobs.engine.CommitHooks;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Follows Spring-managed transactions: jobs enqueued inside one are announced (producers
 * woken, other nodes notified, listeners and metrics told) once it commits, and never if
 * it rolls back. Only a transaction that holds a connection of the store's data source in
 * a transaction of its own delays them, since only then did the insert join it; in any
 * other case (no transaction, propagation {@code SUPPORTS} or {@code NOT_SUPPORTED}, a
 * transaction on another data source) the store committed the insert itself and they are
 * announced at once. A transaction registers one synchronization per owner, however many
 * jobs it enqueues.
 * <p>
 * Enqueue from a transaction's own {@code afterCommit} callbacks (a
 * {@code @TransactionalEventListener}) in a new transaction
 * ({@code Propagation.REQUIRES_NEW}), as Spring asks of any data access there.
 */
final class SpringCommitHooks implements CommitHooks {

	private final @Nullable DataSource dataSource;

	/**
	 * Hooks for a store on a data source.
	 * @param dataSource the store's data source, or {@code null} when it is not known (a
	 * custom store): then any actual transaction delays what follows an enqueue
	 */
	SpringCommitHooks(@Nullable DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends Runnable> @Nullable T afterCommit(Object owner, Supplier<T> action) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| !TransactionSynchronizationManager.isSynchronizationActive() || !insertJoinedTransaction()) {
			return null;
		}
		// Looked up among the current transaction's synchronizations: a suspended outer
		// transaction's are not listed, so an inner REQUIRES_NEW gets its own.
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof OnCommit<?> onCommit && onCommit.owner == owner) {
				// Asked again once it ran (from another synchronization's afterCommit):
				// the transaction has committed, so what comes now is announced at once.
				return onCommit.ran ? null : (T) onCommit.action;
			}
		}
		OnCommit<T> onCommit = new OnCommit<>(owner, action.get());
		TransactionSynchronizationManager.registerSynchronization(onCommit);
		return onCommit.action;
	}

	/**
	 * Whether the store's insert ran in the transaction: the transaction holds a
	 * connection of the store's data source that does not commit each statement.
	 */
	private boolean insertJoinedTransaction() {
		if (this.dataSource == null) {
			return true;
		}
		if (!(TransactionSynchronizationManager.getResource(this.dataSource) instanceof ConnectionHolder holder)) {
			return false;
		}
		try {
			return !holder.getConnection().getAutoCommit();
		}
		catch (SQLException ex) {
			// Cannot tell: waiting for the commit is the safe side, it never wakes early.
			return true;
		}
	}

	private static final class OnCommit<T extends Runnable> implements TransactionSynchronization {

		private final Object owner;

		private final T action;

		private volatile boolean ran;

		OnCommit(Object owner, T action) {
			this.owner = owner;
			this.action = action;
		}

		@Override
		public void afterCommit() {
			this.ran = true;
			this.action.run();
		}

	}

}
