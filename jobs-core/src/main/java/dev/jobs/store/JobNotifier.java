package dev.jobs.store;

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
	 * What a subscriber hears.
	 */
	interface Listener {

		/**
		 * Jobs became available in a queue.
		 * @param queue the queue
		 */
		void jobsAvailable(String queue);

		/**
		 * A running job was asked to stop.
		 * @param id the job
		 */
		default void cancelRequested(long id) {
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
