package dev.jobs;

/**
 * What enqueue does when a job with the same unique key is already waiting or running.
 */
public enum UniqueStrategy {

	/**
	 * Keep the job that holds the key; the new one is not inserted and enqueue returns
	 * the existing job.
	 */
	IGNORE,

	/**
	 * Replace the waiting job's args, priority, run-at time, attempts and timeout with
	 * the new request's. A job already executing is left alone, as with {@link #IGNORE}.
	 */
	REPLACE

}
