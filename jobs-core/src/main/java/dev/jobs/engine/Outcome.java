package dev.jobs.engine;

import java.time.Duration;
import java.time.Instant;

import dev.jobs.DiscardJobException;
import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobEvent;
import dev.jobs.SnoozeJobException;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.Completion;
import org.jspecify.annotations.Nullable;

/**
 * How one attempt ended: the {@link Completion} the store records and the event listeners
 * hear. Worked out from the handler's error (or none), the reason the run was asked to
 * stop, the retry policy and the time alone, with no threads or store, so that every way
 * an attempt can end is decided in one place and tested on its own.
 *
 * @param job the job as it was claimed
 * @param completion what the store records
 * @param type the event listeners hear
 * @param error the error recorded, for failures
 * @param nextRunAt when the job runs again, for retries and snoozes
 */
record Outcome(Job job, Completion completion, JobEvent.Type type, @Nullable JobError error,
		@Nullable Instant nextRunAt) {

	/**
	 * The outcome of a handler that returned or threw. A handler that returns completes
	 * its job whatever stop was asked: the work is done. A discard request is honoured
	 * whatever stop was asked. Once a cancel was requested, a snooze or an error ends the
	 * job cancelled. A snooze otherwise runs the job later without spending the attempt.
	 * An error after a shutdown interrupt hands the job back; any other error, a timeout
	 * included, fails the attempt.
	 * @param job the job as it was claimed
	 * @param failure what the handler threw, or {@code null} if it returned
	 * @param stopReason why the job was asked to stop, or {@code null} if it was not
	 * @param policy the handler's retry policy
	 * @param now the time
	 * @return the outcome
	 */
	static Outcome of(Job job, @Nullable Throwable failure, @Nullable StopReason stopReason, RetryPolicy policy,
			Instant now) {
		if (failure == null) {
			return completed(job, now);
		}
		if (failure instanceof DiscardJobException) {
			return discarded(job, failure, now);
		}
		if (stopReason == StopReason.CANCELLED) {
			// A snooze is the handler's answer to the cancel, not an error to keep.
			JobError error = (failure instanceof SnoozeJobException) ? null : JobError.of(job, now, failure);
			return new Outcome(job, Completion.cancel(job, now, error), JobEvent.Type.CANCELLED, error, null);
		}
		if (failure instanceof SnoozeJobException snooze) {
			Instant until = now.plus(snooze.duration());
			return new Outcome(job, Completion.snooze(job, now, until), JobEvent.Type.SNOOZED, null, until);
		}
		if (stopReason == StopReason.SHUTDOWN) {
			return released(job, now);
		}
		return failed(job, failure, policy, now);
	}

	/**
	 * The outcome of a handler that returned.
	 * @param job the job as it was claimed
	 * @param now the time
	 * @return a completion
	 */
	static Outcome completed(Job job, Instant now) {
		return completed(job, now, null);
	}

	/**
	 * The outcome of a handler that returned a value.
	 * @param job the job as it was claimed
	 * @param now the time
	 * @param result the value as JSON, or {@code null} for none
	 * @return a completion
	 */
	static Outcome completed(Job job, Instant now, @Nullable String result) {
		return new Outcome(job, Completion.completed(job, now, result), JobEvent.Type.COMPLETED, null, null);
	}

	/**
	 * A failed attempt: retried after the policy's backoff, or discarded once it was the
	 * last attempt allowed.
	 * @param job the job as it was claimed
	 * @param cause what went wrong
	 * @param policy the handler's retry policy
	 * @param now the time
	 * @return a retry or a discard
	 */
	static Outcome failed(Job job, Throwable cause, RetryPolicy policy, Instant now) {
		if (job.isLastAttempt()) {
			return discarded(job, cause, now);
		}
		JobError error = JobError.of(job, now, cause);
		Instant retryAt = now.plus(policy.backoff(job.attempt()));
		return new Outcome(job, Completion.retry(job, now, retryAt, error), JobEvent.Type.RETRIED, error, retryAt);
	}

	/**
	 * A job that can never succeed (its args do not bind, or its handler asked),
	 * discarded whatever attempts are left.
	 * @param job the job as it was claimed
	 * @param cause why
	 * @param now the time
	 * @return a discard
	 */
	static Outcome discarded(Job job, Throwable cause, Instant now) {
		JobError error = JobError.of(job, now, cause);
		return new Outcome(job, Completion.discard(job, now, error), JobEvent.Type.DISCARDED, error, null);
	}

	/**
	 * A job handed back because the node stops (or has no thread for it): available again
	 * at once, its attempt given back.
	 * @param job the job as it was claimed
	 * @param now the time
	 * @return a release
	 */
	static Outcome released(Job job, Instant now) {
		return new Outcome(job, Completion.release(job, now), JobEvent.Type.RELEASED, null, null);
	}

	/**
	 * The event to tell listeners.
	 * @param took how long the attempt ran
	 * @return the event
	 */
	JobEvent event(Duration took) {
		return new JobEvent(this.type, this.job, this.completion.at(), took, this.error, this.nextRunAt);
	}

}
