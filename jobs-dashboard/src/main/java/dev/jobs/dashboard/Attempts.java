package dev.jobs.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobState;
import dev.jobs.dashboard.DashboardViews.AttemptView;
import org.jspecify.annotations.Nullable;

/**
 * Every attempt of a job, for its timeline. The row holds the last attempt's node and
 * start; each failed attempt before it kept its own with its error. So the timeline is
 * the failed attempts from the error history, then the last attempt from the row (with
 * its error, if it failed).
 */
final class Attempts {

	/** An attempt that ended without an outcome: snoozed or released at a shutdown. */
	static final String HANDED_BACK = "handed back";

	private Attempts() {
	}

	static List<AttemptView> of(Job job) {
		List<AttemptView> attempts = new ArrayList<>(job.errors().size() + 1);
		JobError lastError = lastAttemptError(job);
		for (JobError error : job.errors()) {
			// Errors of attempt 0 are not attempts (a failed dependency cancelled the
			// job).
			if (error.attempt() > 0 && error != lastError) {
				attempts.add(new AttemptView(error.attempt(), error.node(), error.startedAt(), error.at(),
						millis(error.startedAt(), error.at()), "failed", error.error()));
			}
		}
		if (job.attemptedAt() != null) {
			attempts.add(lastAttempt(job, lastError));
		}
		return attempts;
	}

	/**
	 * The error that ended the row's last attempt, if it failed. An attempt that was
	 * given back (a snooze) does not count, so an error of the same number but another
	 * start is an earlier run's.
	 */
	private static @Nullable JobError lastAttemptError(Job job) {
		if (job.attemptedAt() == null) {
			return null;
		}
		JobError found = null;
		for (JobError error : job.errors()) {
			if (error.attempt() == job.attempt()
					&& (error.startedAt() == null || error.startedAt().equals(job.attemptedAt()))) {
				found = error;
			}
		}
		return found;
	}

	private static AttemptView lastAttempt(Job job, @Nullable JobError error) {
		Instant start = Objects.requireNonNull(job.attemptedAt());
		if (error != null) {
			// The attempt that ended the job is told by the job's final state.
			String outcome = error.at().equals(job.finishedAt()) ? DashboardViews.name(job.state()) : "failed";
			return new AttemptView(job.attempt(), job.attemptedBy(), start, error.at(), millis(start, error.at()),
					outcome, error.error());
		}
		if (job.state() == JobState.EXECUTING) {
			return new AttemptView(job.attempt(), job.attemptedBy(), start, null, null, "running", null);
		}
		if (job.finishedAt() != null) {
			return new AttemptView(job.attempt(), job.attemptedBy(), start, job.finishedAt(),
					millis(start, job.finishedAt()), DashboardViews.name(job.state()), null);
		}
		return new AttemptView(job.attempt(), job.attemptedBy(), start, null, null, HANDED_BACK, null);
	}

	private static @Nullable Long millis(@Nullable Instant start, Instant end) {
		return (start != null) ? Duration.between(start, end).toMillis() : null;
	}

}
