package dev.jobs.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.jobs.Job;
import dev.jobs.JobProgress;
import dev.jobs.JobError;
import dev.jobs.JobState;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard's JSON API answers. Job data goes out as plain strings: the page
 * renders every value as text.
 */
public final class DashboardViews {

	private DashboardViews() {
	}

	static String name(JobState state) {
		return state.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The overview page.
	 *
	 * @param now the server's time
	 * @param states every state, in the order the page shows them
	 * @param countLimit where counts stop
	 * @param queues every queue with jobs or run by this node
	 * @param minutes completions and failures of each minute of the last hour, oldest
	 * first, minutes without any included
	 * @param nodes the cluster's nodes
	 * @param access whether this user may run actions, and if not why
	 * @param refreshMillis how often the page refreshes
	 */
	public record Overview(Instant now, List<String> states, long countLimit, List<QueueView> queues,
			List<MinuteView> minutes, List<NodeView> nodes, AccessView access, long refreshMillis) {

	}

	/**
	 * One queue's figures.
	 *
	 * @param name the queue
	 * @param counts jobs by state name
	 * @param atLeast the states whose count stopped at the limit
	 * @param running jobs executing on the cluster
	 * @param runningHere jobs executing on this node, or {@code null} if it does not run
	 * the queue
	 * @param concurrency this node's concurrency, or {@code null}
	 * @param paused whether the queue is paused
	 * @param lagSeconds the age of the oldest available job, 0 when none waits
	 * @param completedLastMinute jobs completed in the last minute
	 * @param failedLastMinute attempts failed in the last minute
	 */
	public record QueueView(String name, Map<String, Long> counts, List<String> atLeast, long running,
			@Nullable Integer runningHere, @Nullable Integer concurrency, boolean paused, long lagSeconds,
			long completedLastMinute, long failedLastMinute) {

	}

	/**
	 * One minute of the chart.
	 *
	 * @param minute its start
	 * @param completed jobs completed
	 * @param failed attempts failed
	 */
	public record MinuteView(Instant minute, long completed, long failed) {

	}

	/**
	 * A node.
	 *
	 * @param id the node
	 * @param heartbeatAgeSeconds seconds since it was last heard from
	 * @param leader whether it leads
	 * @param executing its executing jobs by queue
	 * @param self whether it is the node that serves this page
	 */
	public record NodeView(String id, long heartbeatAgeSeconds, boolean leader, Map<String, Long> executing,
			boolean self) {

	}

	/**
	 * Whether actions are allowed.
	 *
	 * @param actions whether this user may run them
	 * @param reason why not, and how to enable them
	 */
	public record AccessView(boolean actions, String reason) {

	}

	/**
	 * A page of jobs.
	 *
	 * @param jobs the jobs, newest first
	 * @param nextBefore the {@code before} of the next page, or {@code null} on the last
	 */
	public record JobPage(List<JobView> jobs, @Nullable Long nextBefore) {

	}

	/**
	 * How many jobs match a filter.
	 *
	 * @param count the jobs counted
	 * @param atLeast whether counting stopped at the limit
	 * @param upToId the newest matching job: "all that match" means these jobs and older,
	 * never jobs enqueued after the count was shown
	 */
	public record MatchCount(long count, boolean atLeast, @Nullable Long upToId) {

	}

	/**
	 * A job.
	 *
	 * @param id its id
	 * @param queue its queue
	 * @param kind its kind
	 * @param args its args as JSON text
	 * @param state its state
	 * @param priority its priority
	 * @param attempt attempts started
	 * @param maxAttempts attempts allowed
	 * @param attemptsLeft attempts it has left
	 * @param insertedAt when it was enqueued
	 * @param scheduledAt when it was or is due
	 * @param attemptedAt when its last attempt started
	 * @param attemptedBy the node of its last attempt
	 * @param finishedAt when it finished
	 * @param uniqueKey its unique key
	 * @param timeout its timeout (ISO-8601)
	 * @param cancelRequested whether a cancel was asked for while it ran
	 * @param errors its errors, oldest first
	 * @param attempts its attempts, oldest first: each failed attempt from the error
	 * history and the last one from the row (attempts given back by a snooze are not
	 * told, but the last)
	 * @param result what its handler returned (JSON), once completed
	 * @param workflowId the workflow it is a step of, if any
	 * @param step its step name in that workflow, if any
	 * @param limitKey the key its kind's per-key limits count it under, if any
	 * @param tags its tags
	 * @param progress what its handler last reported (the job's own page only), or
	 * {@code null}
	 */
	public record JobView(long id, String queue, String kind, String args, String state, int priority, int attempt,
			int maxAttempts, int attemptsLeft, Instant insertedAt, Instant scheduledAt, @Nullable Instant attemptedAt,
			@Nullable String attemptedBy, @Nullable Instant finishedAt, @Nullable String uniqueKey,
			@Nullable String timeout, boolean cancelRequested, List<ErrorView> errors, List<AttemptView> attempts,
			@Nullable String result, @Nullable Long workflowId, @Nullable String step, @Nullable String limitKey,
			List<String> tags, @Nullable JobProgress progress) {

		static JobView of(Job job, @Nullable JobProgress progress) {
			return new JobView(job.id(), job.queue(), job.kind(), job.args(), name(job.state()), job.priority(),
					job.attempt(), job.maxAttempts(), Math.max(0, job.maxAttempts() - job.attempt()), job.insertedAt(),
					job.scheduledAt(), job.attemptedAt(), job.attemptedBy(), job.finishedAt(), job.uniqueKey(),
					(job.timeout() != null) ? job.timeout().toString() : null, job.cancelRequested(),
					job.errors().stream().map(ErrorView::of).toList(), Attempts.of(job), job.result(), job.workflowId(),
					job.step(), job.limitKey(), job.tags(), progress);
		}

	}

	/**
	 * An error of the job.
	 *
	 * @param attempt the attempt, 0 for an error no attempt caused
	 * @param at when it failed
	 * @param error the error's type and message
	 * @param trace the head of its stack trace
	 * @param node the node the attempt ran on, if known
	 * @param startedAt when the attempt started, if known
	 */
	public record ErrorView(int attempt, Instant at, String error, @Nullable String trace, @Nullable String node,
			@Nullable Instant startedAt) {

		static ErrorView of(JobError error) {
			return new ErrorView(error.attempt(), error.at(), error.error(), error.trace(), error.node(),
					error.startedAt());
		}

	}

	/**
	 * One attempt of a job, for its timeline.
	 *
	 * @param attempt its number, from 1
	 * @param node the node it ran on, if known
	 * @param startedAt when it started, if known
	 * @param endedAt when it ended, or {@code null} while it runs or when it was handed
	 * back
	 * @param durationMillis how long it ran, when its start and end are known
	 * @param outcome {@code running}, {@code completed}, {@code failed},
	 * {@code discarded}, {@code cancelled} or {@code handed back}
	 * @param error the error it ended with, if any
	 */
	public record AttemptView(int attempt, @Nullable String node, @Nullable Instant startedAt,
			@Nullable Instant endedAt, @Nullable Long durationMillis, String outcome, @Nullable String error) {

	}

	/**
	 * A cron entry.
	 *
	 * @param name the entry
	 * @param kind the kind it enqueues
	 * @param queue the queue it enqueues on, or {@code null} for the kind's default
	 * @param schedule its expression and zone, as the schedule describes itself
	 * @param lastTick the last tick enqueued by the cluster
	 * @param nextTick the next tick
	 */
	public record CronView(String name, String kind, @Nullable String queue, String schedule,
			@Nullable Instant lastTick, @Nullable Instant nextTick) {

	}

	/**
	 * What an action did.
	 *
	 * @param changed how many jobs it changed
	 * @param message what happened, in words
	 */
	public record ActionResult(long changed, String message) {

	}

}
