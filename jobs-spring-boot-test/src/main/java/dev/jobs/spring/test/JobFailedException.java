package dev.jobs.spring.test;

import dev.jobs.JobEvent;

/**
 * A job run by the test support did not complete: thrown by inline mode and by
 * {@link DrainResult#assertAllCompleted()}, with the handler's error in the message.
 */
public class JobFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient JobEvent outcome;

	/**
	 * An exception for one outcome.
	 * @param outcome how the job ended
	 */
	public JobFailedException(JobEvent outcome) {
		super(describe(outcome));
		this.outcome = outcome;
	}

	/**
	 * How the job ended.
	 * @return its last event
	 */
	public JobEvent outcome() {
		return this.outcome;
	}

	static String describe(JobEvent outcome) {
		String error = (outcome.error() != null) ? outcome.error().error() : "no error recorded";
		String trace = (outcome.error() != null && outcome.error().trace() != null) ? "\n" + outcome.error().trace()
				: "";
		return "Job " + outcome.job().id() + " of kind '" + outcome.job().kind() + "' ended "
				+ outcome.type().name().toLowerCase(java.util.Locale.ROOT) + " on attempt " + outcome.job().attempt()
				+ "/" + outcome.job().maxAttempts() + ": " + error + trace;
	}

}
