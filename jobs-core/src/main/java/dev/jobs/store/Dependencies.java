package dev.jobs.store;

import java.util.List;

/**
 * What a job to insert waits for: stored jobs by id, and jobs inserted earlier in the
 * same call by their position. The job is inserted {@link dev.jobs.JobState#PENDING}
 * until every dependency completed; one that ends discarded or cancelled cancels it,
 * unless it runs anyway.
 *
 * @param ids stored jobs it depends on
 * @param earlier positions, in the same {@link InsertParams}, of jobs before it that it
 * depends on
 * @param runAnyway whether it runs once its dependencies finished, whatever their
 * outcome, rather than being cancelled when one fails
 */
public record Dependencies(List<Long> ids, List<Integer> earlier, boolean runAnyway) {

	/** No dependencies. */
	public static final Dependencies NONE = new Dependencies(List.of(), List.of(), false);

	public Dependencies {
		ids = List.copyOf(ids);
		earlier = List.copyOf(earlier);
		for (int position : earlier) {
			if (position < 0) {
				throw new IllegalArgumentException(
						"Positions of earlier jobs must not be negative, but was " + position);
			}
		}
	}

	/**
	 * Dependencies on stored jobs.
	 * @param ids the jobs
	 * @return the dependencies
	 */
	public static Dependencies on(List<Long> ids) {
		return new Dependencies(ids, List.of(), false);
	}

	public Dependencies runAnyway(boolean runAnyway) {
		return new Dependencies(this.ids, this.earlier, runAnyway);
	}

	/**
	 * Whether there is anything to wait for.
	 * @return true when there are no dependencies
	 */
	public boolean isEmpty() {
		return this.ids.isEmpty() && this.earlier.isEmpty();
	}

	/**
	 * The error every store records on a job cancelled because a dependency failed.
	 * @param dependency the dependency's id
	 * @param state how it ended: discarded or cancelled
	 * @return the message
	 */
	public static String failedMessage(long dependency, dev.jobs.JobState state) {
		return "Cancelled because job " + dependency + ", which this job depends on, ended "
				+ state.name().toLowerCase(java.util.Locale.ROOT)
				+ "; enqueue with runAnyway to run whatever the dependencies' outcome";
	}

	/**
	 * The error of an insert whose job depends on a job that does not exist.
	 * @param dependency the missing job's id
	 * @return the message
	 */
	public static String missingMessage(long dependency) {
		return "Cannot depend on job " + dependency + ": there is no such job (was it pruned, or never committed?)";
	}

	/**
	 * The error of an insert whose job depends on a job at or after its own position.
	 * @param position the job's position in the insert
	 * @param earlier the position it depends on
	 * @return the message
	 */
	public static String laterMessage(int position, int earlier) {
		return "Job " + position + " of the insert cannot depend on job " + earlier
				+ " of it: a job depends only on jobs before it";
	}

}
