package dev.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A transition of one job, as told to {@link JobsListener}s.
 *
 * @param type what happened
 * @param job the job as it was when it happened (for outcomes, as it was claimed)
 * @param at when it happened
 * @param duration how long the attempt ran, for outcomes of an attempt
 * @param error the error, for failures
 * @param nextRunAt when the job runs again, for retries and snoozes
 */
public record JobEvent(Type type, Job job, Instant at, @Nullable Duration duration, @Nullable JobError error,
		@Nullable Instant nextRunAt) {

	public JobEvent {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(job, "job must not be null");
		Objects.requireNonNull(at, "at must not be null");
	}

	public static JobEvent of(Type type, Job job, Instant at) {
		return new JobEvent(type, job, at, null, null, null);
	}

	/**
	 * The kinds of transition.
	 */
	public enum Type {

		/** Inserted by a dispatcher. */
		ENQUEUED,

		/** Claimed and started on this node. */
		STARTED,

		/** The attempt succeeded. */
		COMPLETED,

		/** The attempt failed and the job will run again. */
		RETRIED,

		/** The job failed for good. */
		DISCARDED,

		/** The job was cancelled. */
		CANCELLED,

		/** The handler asked to run later. */
		SNOOZED,

		/** A dead node's job was handed back. */
		RESCUED,

		/** The node stopped before the attempt ended and handed the job back. */
		RELEASED

	}

}
