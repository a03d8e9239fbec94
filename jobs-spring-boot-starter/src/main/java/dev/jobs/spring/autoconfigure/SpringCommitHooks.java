package dev.jobs.spring.autoconfigure;

import java.util.function.Supplier;

import dev.jobs.engine.CommitHooks;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Follows Spring-managed transactions: jobs enqueued inside one are announced (producers
 * woken, other nodes notified, listeners and metrics told) once it commits, and never if
 * it rolls back. Outside an actual transaction (none, or propagation {@code SUPPORTS} /
 * {@code NOT_SUPPORTED}, where the store commits the insert itself) they are announced at
 * once. One synchronization per transaction and owner, however many jobs it enqueues.
 */
final class SpringCommitHooks implements CommitHooks {

	@Override
	@SuppressWarnings("unchecked")
	public <T extends Runnable> @Nullable T afterCommit(Object owner, Supplier<T> action) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| !TransactionSynchronizationManager.isSynchronizationActive()) {
			return null;
		}
		// Looked up among the current transaction's synchronizations: a suspended outer
		// transaction's are not listed, so an inner REQUIRES_NEW gets its own.
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof OnCommit<?> onCommit && onCommit.owner == owner) {
				return (T) onCommit.action;
			}
		}
		OnCommit<T> onCommit = new OnCommit<>(owner, action.get());
		TransactionSynchronizationManager.registerSynchronization(onCommit);
		return onCommit.action;
	}

	private static final class OnCommit<T extends Runnable> implements TransactionSynchronization {

		private final Object owner;

		private final T action;

		OnCommit(Object owner, T action) {
			this.owner = owner;
			this.action = action;
		}

		@Override
		public void afterCommit() {
			this.action.run();
		}

	}

}
