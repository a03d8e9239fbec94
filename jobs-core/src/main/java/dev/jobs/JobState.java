package dev.jobs;

import java.util.Arrays;

/**
 * Where a job is in its life. Stored as the small integer {@link #code()}, which each
 * state declares: stored codes never change, whatever the order of the constants.
 *
 * <pre>
 * scheduled --(due)--> available --> executing --> completed
 *                          ^              |------> retryable --(backoff due)--> available
 *                          |              |------> discarded (attempts used up, or discard requested)
 *                          |              \------> cancelled (cancel requested)
 *                 snooze: executing --> scheduled (attempt not spent)
 *
 * pending --(last dependency completed)--> available (or scheduled, if not yet due)
 *    \-----(a dependency discarded or cancelled)--> cancelled (unless it runs anyway)
 * </pre>
 */
public enum JobState {

	/** Waiting in its queue, ready to be claimed. */
	AVAILABLE(0),

	/** Claimed by a node and running. */
	EXECUTING(1),

	/** Finished successfully. */
	COMPLETED(2),

	/** Failed; runs again once its backoff is due. */
	RETRYABLE(3),

	/**
	 * Failed for good: attempts used up, or discarded on purpose. Kept with its errors.
	 */
	DISCARDED(4),

	/** Cancelled before or while it ran. */
	CANCELLED(5),

	/** Waiting for its run-at time. */
	SCHEDULED(6),

	/** Waiting for the jobs it depends on to finish. */
	PENDING(7);

	private static final JobState[] BY_CODE = byCode();

	private final int code;

	JobState(int code) {
		this.code = code;
	}

	/**
	 * The value stored in the database.
	 * @return the state's code, 0 to 7
	 */
	public int code() {
		return this.code;
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
		JobState state = (code >= 0 && code < BY_CODE.length) ? BY_CODE[code] : null;
		if (state == null) {
			throw new IllegalArgumentException("Unknown job state code " + code + "; known codes: "
					+ Arrays.stream(values()).map((known) -> known.code + " " + known).toList()
					+ " (was the row written by a newer version of jobs?)");
		}
		return state;
	}

	private static JobState[] byCode() {
		JobState[] byCode = new JobState[Arrays.stream(values()).mapToInt(JobState::code).max().orElse(-1) + 1];
		for (JobState state : values()) {
			if (byCode[state.code] != null) {
				throw new IllegalStateException(state + " and " + byCode[state.code] + " share code " + state.code);
			}
			byCode[state.code] = state;
		}
		return byCode;
	}

}
