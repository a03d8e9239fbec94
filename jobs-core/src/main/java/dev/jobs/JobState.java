package dev.jobs;

/**
 * Where a job is in its life. Stored as the small integer {@link #code()}, in this order.
 *
 * <pre>
 * scheduled --(due)--> available --> executing --> completed
 *                          ^              |------> retryable --(backoff due)--> available
 *                          |              |------> discarded (attempts used up, or discard requested)
 *                          |              \------> cancelled (cancel requested)
 *                 snooze: executing --> scheduled (attempt not spent)
 * </pre>
 */
public enum JobState {

	/** Waiting in its queue, ready to be claimed. */
	AVAILABLE,

	/** Claimed by a node and running. */
	EXECUTING,

	/** Finished successfully. */
	COMPLETED,

	/** Failed; runs again once its backoff is due. */
	RETRYABLE,

	/**
	 * Failed for good: attempts used up, or discarded on purpose. Kept with its errors.
	 */
	DISCARDED,

	/** Cancelled before or while it ran. */
	CANCELLED,

	/** Waiting for its run-at time. */
	SCHEDULED;

	private static final JobState[] BY_CODE = values();

	/**
	 * The value stored in the database.
	 * @return the state's code, 0 to 6
	 */
	public int code() {
		return ordinal();
	}

	/**
	 * Whether a job in this state will never run again unless retried by hand.
	 * @return true for completed, discarded and cancelled
	 */
	public boolean isFinal() {
		return this == COMPLETED || this == DISCARDED || this == CANCELLED;
	}

	/**
	 * Whether a job in this state is waiting to run.
	 * @return true for available, scheduled and retryable
	 */
	public boolean isWaiting() {
		return this == AVAILABLE || this == SCHEDULED || this == RETRYABLE;
	}

	/**
	 * The state stored as {@code code}.
	 * @param code a stored state code
	 * @return the state
	 * @throws IllegalArgumentException if the code is not a state's
	 */
	public static JobState fromCode(int code) {
		if (code < 0 || code >= BY_CODE.length) {
			throw new IllegalArgumentException(
					"Unknown job state code " + code + "; expected 0 to " + (BY_CODE.length - 1));
		}
		return BY_CODE[code];
	}

}
