package dev.jobs;

/**
 * A failure of the job system itself (as opposed to a handler's failure), such as a full
 * store.
 */
public class JobsException extends RuntimeException {

	public JobsException(String message) {
		super(message);
	}

	public JobsException(String message, Throwable cause) {
		super(message, cause);
	}

}
