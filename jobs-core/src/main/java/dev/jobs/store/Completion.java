package dev.jobs.store;

import java.time.Instant;
import java.util.Objects;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobState;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one attempt, to be written by the store. Every completion moves a job
 * out of {@link JobState#EXECUTING} and only out of it: a store applies it only while the
 * job is still executing, so a late outcome never overwrites a job that was rescued or
 * retried in the meantime.
 *
 * @param id the job
 * @param result what happened
 * @param at when it happened (the finish time for final results)
 * @param scheduledAt when the job becomes available again, for retry, snooze and release
 * @param error the error to append to the job's history, if any
 * @param value what the handler returned, as JSON, for a completion; {@code null} for
 * nothing
 */
public record Completion(long id, int attempt, @Nullable Instant claimedAt, Result result, Instant at,
		@Nullable Instant scheduledAt, @Nullable JobError error, @Nullable String value) {

	public Completion {
		Objects.requireNonNull(result, "result must not be null");
		Objects.requireNonNull(at, "at must not be null");
		if (result.needsSchedule() && scheduledAt == null) {
			throw new IllegalArgumentException(result + " needs a scheduledAt");
		}
		if (value != null && result != Result.COMPLETED) {
			throw new IllegalArgumentException("Only a completion stores a value, not " + result);
		}
	}

	/**
	 * An outcome without a value.
	 */
	public Completion(long id, int attempt, @Nullable Instant claimedAt, Result result, Instant at,
			@Nullable Instant scheduledAt, @Nullable JobError error) {
		this(id, attempt, claimedAt, result, at, scheduledAt, error, null);
	}

	public static Completion completed(Job job, Instant at) {
		return completed(job, at, null);
	}

	/**
	 * A completion that stores what the handler returned.
	 * @param job the job as it was claimed
	 * @param at when it completed
	 * @param value the handler's return value as JSON, or {@code null} for none
	 * @return the completion
	 */
	public static Completion completed(Job job, Instant at, @Nullable String value) {
		return new Completion(job.id(), job.attempt(), job.attemptedAt(), Result.COMPLETED, at, null, null, value);
	}

	public static Completion retry(Job job, Instant at, Instant runAt, JobError error) {
		return new Completion(job.id(), job.attempt(), job.attemptedAt(), Result.RETRYABLE, at, runAt, error);
	}

	public static Completion discard(Job job, Instant at, JobError error) {
		return new Completion(job.id(), job.attempt(), job.attemptedAt(), Result.DISCARDED, at, null, error);
	}

	public static Completion cancel(Job job, Instant at, @Nullable JobError error) {
		return new Completion(job.id(), job.attempt(), job.attemptedAt(), Result.CANCELLED, at, null, error);
	}

	public static Completion snooze(Job job, Instant at, Instant runAt) {
		return new Completion(job.id(), job.attempt(), job.attemptedAt(), Result.SNOOZED, at, runAt, null);
	}

	public static Completion release(Job job, Instant at) {
		return new Completion(job.id(), job.attempt(), job.attemptedAt(), Result.RELEASED, at, at, null);
	}

	/**
	 * What happened to an attempt, and the state it leads to.
	 */
	public enum Result {

		/** The handler returned: completed. */
		COMPLETED(JobState.COMPLETED, false, false),

		/** The attempt failed with attempts left: retryable until {@code scheduledAt}. */
		RETRYABLE(JobState.RETRYABLE, true, false),

		/** The attempt failed for good: discarded. */
		DISCARDED(JobState.DISCARDED, false, false),

		/** The job was cancelled while running: cancelled. */
		CANCELLED(JobState.CANCELLED, false, false),

		/** The handler asked to run later: scheduled, and the attempt is given back. */
		SNOOZED(JobState.SCHEDULED, true, true),

		/**
		 * The node stopped before the attempt ended: the job is available again, and the
		 * attempt is given back.
		 */
		RELEASED(JobState.AVAILABLE, true, true);

		private final JobState state;

		private final boolean needsSchedule;

		private final boolean givesBackAttempt;

		Result(JobState state, boolean needsSchedule, boolean givesBackAttempt) {
			this.state = state;
			this.needsSchedule = needsSchedule;
			this.givesBackAttempt = givesBackAttempt;
		}

		/**
		 * The state the job moves to.
		 * @return the state
		 */
		public JobState state() {
			return this.state;
		}

		public boolean needsSchedule() {
			return this.needsSchedule;
		}

		/**
		 * Whether the attempt does not count: the store lowers the job's attempt by one.
		 * @return true for snooze and release
		 */
		public boolean givesBackAttempt() {
			return this.givesBackAttempt;
		}

	}

}
