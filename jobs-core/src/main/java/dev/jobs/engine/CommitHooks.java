package dev.jobs.engine;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Tells the engine when the jobs an enqueue inserted become visible to other
 * transactions. An enqueue that joined the caller's transaction is visible only once that
 * transaction commits, and never if it rolls back; until then no producer can claim it.
 * The engine therefore waits for the commit before it wakes this node's producers,
 * notifies other nodes and tells listeners {@code ENQUEUED}: one path for every consumer
 * of "these jobs were committed".
 * <p>
 * The default, {@link #NONE}, says every enqueue commits on its own. The Spring Boot
 * starter supplies one that follows Spring-managed transactions.
 */
@FunctionalInterface
public interface CommitHooks {

	/** Every enqueue commits on its own: jobs are visible once insert returns. */
	CommitHooks NONE = new CommitHooks() {

		@Override
		public <T extends Runnable> @Nullable T afterCommit(Object owner, Supplier<T> action) {
			return null;
		}

	};

	/**
	 * The action that runs once the calling thread's transaction commits, created on the
	 * first call for {@code owner} in that transaction and returned again by later ones,
	 * so that an owner adds what a transaction enqueued to one action rather than
	 * registering one per enqueue. The action is dropped when the transaction rolls back.
	 * @param owner who asks; one action per owner and transaction
	 * @param action creates the action, at most once per transaction
	 * @param <T> the action's type
	 * @return the transaction's action, or {@code null} when the calling thread is in no
	 * transaction, so what it inserted is visible already
	 */
	<T extends Runnable> @Nullable T afterCommit(Object owner, Supplier<T> action);

}
