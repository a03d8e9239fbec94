package dev.jobs;

/**
 * A failure of the job system itself (not of a handler), such as a full store.
 */
public class JobsException extends RuntimeException {

	public JobsException(String message) {
		super(message);
	}

	public JobsException(String message, Throwable cause) {
		super(message, cause);
	}

}
