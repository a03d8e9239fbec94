package dev.jobs.spring.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.WorkflowStatus;
import dev.jobs.JobProgress;
import org.jspecify.annotations.Nullable;

/**
 * One job, with its error history.
 *
 * @param id the job's id
 * @param queue its queue
 * @param kind its handler's name
 * @param args its args, as stored (JSON)
 * @param state its state (lower case)
 * @param priority higher runs first
 * @param attempt attempts started so far
 * @param maxAttempts attempts allowed
 * @param insertedAt when it was enqueued
 * @param scheduledAt when it becomes or became available
 * @param attemptedAt when the last attempt started
 * @param attemptedBy the node of the last attempt
 * @param finishedAt when it reached a final state
 * @param errors its failed attempts, oldest first
 * @param uniqueKey its unique key
 * @param timeout how long one attempt may run (ISO-8601), when set for the job
 * @param cancelRequested whether a cancel was requested while it ran
 * @param result what its handler returned (JSON), once completed
 * @param workflowId the workflow it is a step of, if any
 * @param step its step name in that workflow
 * @param workflow that workflow's state and steps, when one job is read
 * @param tags its tags
 * @param meta what the engine keeps with it, such as the enqueuing trace's
 * {@code traceparent}
 * @param progress what its handler last reported (single-job view only), or {@code null}
 */
public record JobDescriptor(long id, String queue, String kind, @JsonRawValue String args, String state, int priority,
		int attempt, int maxAttempts, Instant insertedAt, Instant scheduledAt, @Nullable Instant attemptedAt,
		@Nullable String attemptedBy, @Nullable Instant finishedAt, List<ErrorDescriptor> errors,
		@Nullable String uniqueKey, @Nullable String timeout, boolean cancelRequested,
		@JsonRawValue @Nullable String result, @Nullable Long workflowId, @Nullable String step,
		@Nullable WorkflowDescriptor workflow, List<String> tags, Map<String, String> meta,
		@Nullable ProgressDescriptor progress) {

	static JobDescriptor of(Job job) {
		return of(job, null, null);
	}

	static JobDescriptor of(Job job, @Nullable WorkflowStatus workflow, @Nullable JobProgress progress) {
		return new JobDescriptor(job.id(), job.queue(), job.kind(), job.args(),
				job.state().name().toLowerCase(Locale.ROOT), job.priority(), job.attempt(), job.maxAttempts(),
				job.insertedAt(), job.scheduledAt(), job.attemptedAt(), job.attemptedBy(), job.finishedAt(),
				job.errors().stream().map(ErrorDescriptor::of).toList(), job.uniqueKey(),
				(job.timeout() != null) ? job.timeout().toString() : null, job.cancelRequested(), job.result(),
				job.workflowId(), job.step(), (workflow != null) ? WorkflowDescriptor.of(workflow) : null, job.tags(),
				job.meta(), (progress != null) ? ProgressDescriptor.of(progress) : null);
	}

	/**
	 * What the job last reported from its handler.
	 *
	 * @param attempt the attempt that reported
	 * @param fraction how far it got, from 0 to 1
	 * @param done units done, when it reported n of total
	 * @param total units in all, when it reported n of total
	 * @param log its last log lines, oldest first
	 * @param updatedAt when the report was written
	 */
	public record ProgressDescriptor(int attempt, @Nullable Double fraction, @Nullable Long done, @Nullable Long total,
			List<String> log, Instant updatedAt) {

		static ProgressDescriptor of(JobProgress progress) {
			return new ProgressDescriptor(progress.attempt(), progress.fraction(), progress.done(), progress.total(),
					progress.log(), progress.updatedAt());
		}

	}

	/**
	 * One failed attempt.
	 *
	 * @param attempt the attempt, from 1
	 * @param at when it failed
	 * @param error the error's type and message
	 * @param trace the head of its stack trace
	 * @param node the node the attempt ran on, if known
	 * @param startedAt when the attempt started, if known
	 */
	public record ErrorDescriptor(int attempt, Instant at, String error, @Nullable String trace, @Nullable String node,
			@Nullable Instant startedAt) {

		static ErrorDescriptor of(JobError error) {
			return new ErrorDescriptor(error.attempt(), error.at(), error.error(), error.trace(), error.node(),
					error.startedAt());
		}

	}

}
