package dev.jobs;

/**
 * Thrown by a handler to discard its job now, without further attempts: for input that
 * can never succeed.
 */
public class DiscardJobException extends RuntimeException {

	public DiscardJobException(String reason) {
		super(reason);
	}

	public DiscardJobException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
