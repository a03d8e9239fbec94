package dev.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One failed attempt of a job, kept in the job's error history. The job's row holds only
 * its last attempt's node and start, so each failed attempt keeps its own here: with the
 * row they tell every attempt of the job.
 *
 * @param attempt the attempt that failed, from 1
 * @param at when it failed
 * @param error the error's type and message
 * @param trace the head of the stack trace, if there was one
 * @param node the node the attempt ran on, or {@code null} if not known (errors recorded
 * by earlier versions, or that no attempt caused)
 * @param startedAt when the attempt started, or {@code null} if not known
 */
public record JobError(int attempt, Instant at, String error, @Nullable String trace, @Nullable String node,
		@Nullable Instant startedAt) {

	/**
	 * Stack traces are cut to this many frames: enough to find the cause, and small
	 * enough to store.
	 */
	public static final int MAX_TRACE_FRAMES = 20;

	public JobError {
		Objects.requireNonNull(at, "at must not be null");
		error = storable(Objects.requireNonNull(error, "error must not be null"));
		trace = (trace != null) ? storable(trace) : null;
	}

	/**
	 * An error that no known attempt's node or start goes with.
	 * @param attempt the attempt that failed
	 * @param at when it failed
	 * @param error the error's type and message
	 * @param trace the head of the stack trace, if there was one
	 */
	public JobError(int attempt, Instant at, String error, @Nullable String trace) {
		this(attempt, at, error, trace, null, null);
	}

	/**
	 * How long the attempt ran until it failed.
	 * @return the duration, or {@code null} when its start is not known
	 */
	public @Nullable Duration duration() {
		return (this.startedAt != null) ? Duration.between(this.startedAt, this.at) : null;
	}

	/**
	 * Text every store can keep: PostgreSQL's {@code jsonb} rejects the NUL character,
	 * and one unwritable error would hold up every outcome behind it.
	 */
	private static String storable(String text) {
		return (text.indexOf('\0') >= 0) ? text.replace('\0', '\uFFFD') : text;
	}

	/**
	 * The error record for a throwable.
	 * @param attempt the attempt that failed
	 * @param at when it failed
	 * @param failure what was thrown
	 * @return the record, with the head of the stack trace
	 */
	public static JobError of(int attempt, Instant at, Throwable failure) {
		return new JobError(attempt, at, describe(failure), traceHead(failure));
	}

	/**
	 * The error record for a throwable that ended a job's current attempt, with the node
	 * and start of that attempt.
	 * @param job the job as it was claimed for the attempt
	 * @param at when it failed
	 * @param failure what was thrown
	 * @return the record, with the head of the stack trace
	 */
	public static JobError of(Job job, Instant at, Throwable failure) {
		return new JobError(job.attempt(), at, describe(failure), traceHead(failure), job.attemptedBy(),
				job.attemptedAt());
	}

	static String describe(Throwable failure) {
		String message = failure.getMessage();
		return (message != null) ? failure.getClass().getName() + ": " + message : failure.getClass().getName();
	}

	private static String traceHead(Throwable failure) {
		StringBuilder trace = new StringBuilder(describe(failure));
		StackTraceElement[] frames = failure.getStackTrace();
		for (int i = 0; i < Math.min(frames.length, MAX_TRACE_FRAMES); i++) {
			trace.append("\n\tat ").append(frames[i]);
		}
		if (frames.length > MAX_TRACE_FRAMES) {
			trace.append("\n\t... ").append(frames.length - MAX_TRACE_FRAMES).append(" more");
		}
		Throwable cause = failure.getCause();
		if (cause != null && cause != failure) {
			trace.append("\nCaused by: ").append(describe(cause));
		}
		return trace.toString();
	}

}
