package dev.jobs.store;

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * Wakes producers when jobs become available and executing jobs when they are cancelled,
 * so that nodes do not wait for their next poll. Polling stays as the fallback: a
 * notification may be lost.
 */
public interface JobNotifier {

	/**
	 * Listen for notifications until the returned subscription is closed.
	 * @param listener called on the notifier's thread; keep it quick
	 * @return the subscription
	 */
	Subscription subscribe(Listener listener);

	/**
	 * Tell every subscribed node, this one included, that jobs became available in some
	 * queues. Called after the jobs were committed, never inside the transaction that
	 * inserted them, on a connection (or whatever the notifier uses) of its own: a
	 * notification sent inside an application's transaction would serialize its commits
	 * with every other notifying commit. Stores whose inserts notify their subscribers
	 * themselves, such as the memory store, need not implement it.
	 * @param queues the queues, each named once
	 */
	default void announce(Collection<String> queues) {
	}

	/**
	 * {@link #announce(Collection)}, saying who announces: the subscribers of this same
	 * notifier hear the announcement with the sender
	 * ({@link Listener#jobsAvailable(String, String)}), so that a node skips its own (it
	 * woke its producers in process already, and a claim on hearing it would find
	 * nothing). Subscribers elsewhere hear it without one. Notifiers that cannot tell
	 * their own announcements apart leave the sender out.
	 * @param sender who announces, a node's id
	 * @param queues the queues, each named once
	 */
	default void announce(String sender, Collection<String> queues) {
		announce(queues);
	}

	/**
	 * Whether {@link #announce} tells other nodes anything; when not, the engine keeps no
	 * thread to send announcements.
	 * @return false unless the notifier implements {@link #announce}
	 */
	default boolean announces() {
		return false;
	}

	/**
	 * What a subscriber hears.
	 */
	interface Listener {

		/**
		 * Jobs became available in a queue.
		 * @param queue the queue
		 */
		void jobsAvailable(String queue);

		/**
		 * Jobs became available in a queue, announced by a sender of this process
		 * ({@link JobNotifier#announce(String, Collection)}) or by an unknown one.
		 * @param queue the queue
		 * @param sender who announced them, or {@code null} when not known (another
		 * process, a store's own notification)
		 */
		default void jobsAvailable(String queue, @Nullable String sender) {
			jobsAvailable(queue);
		}

		/**
		 * A running job was asked to stop.
		 * @param id the job
		 */
		default void cancelRequested(long id) {
		}

		/**
		 * The notifier began to listen: at the start, or again after it lost its
		 * connection. What was sent before went unheard, so the subscriber catches up
		 * from the store (available jobs, cancel requests) instead of waiting for its
		 * next poll or heartbeat.
		 */
		default void listening() {
		}

	}

	/**
	 * An open subscription.
	 */
	interface Subscription extends AutoCloseable {

		@Override
		void close();

	}

}
