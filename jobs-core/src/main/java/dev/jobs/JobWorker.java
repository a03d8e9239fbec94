package dev.jobs;

import org.jspecify.annotations.Nullable;

/**
 * The code that runs a kind of job.
 *
 * @param <T> the type its args are bound to
 */
@FunctionalInterface
public interface JobWorker<T> {

	/**
	 * Run one attempt. Return to complete the job; throw to fail the attempt (it is
	 * retried with backoff until its attempts are used up); throw
	 * {@link DiscardJobException} to discard it now, or {@link SnoozeJobException} to run
	 * it again later without spending an attempt. Jobs run at least once, so the work
	 * should be idempotent.
	 * @param args the job's args, bound from JSON
	 * @param context the running job
	 * @throws Exception to fail the attempt
	 */
	void work(T args, JobContext context) throws Exception;

	/**
	 * Run one attempt and return what it produced, stored as JSON with the completed job
	 * ({@link Job#result()}). A plain worker produces nothing; a {@link JobFunction}
	 * returns its value.
	 * @param args the job's args, bound from JSON
	 * @param context the running job
	 * @return the result, or {@code null} for none
	 * @throws Exception to fail the attempt
	 */
	default @Nullable Object workForResult(T args, JobContext context) throws Exception {
		work(args, context);
		return null;
	}

}
