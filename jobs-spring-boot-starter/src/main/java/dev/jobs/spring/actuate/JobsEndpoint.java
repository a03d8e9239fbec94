package dev.jobs.spring.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobState;
import dev.jobs.WorkflowStatus;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code jobs} actuator endpoint. It holds no SQL: everything goes through the
 * {@link JobStore}, the {@link JobDispatcher} and, on a worker node, the
 * {@link Supervisor} it runs.
 * <ul>
 * <li>{@code GET /actuator/jobs}: this node and every queue's figures;
 * {@code ?queue=emails} for one queue's figures only</li>
 * <li>{@code GET /actuator/jobs/{id}}: a job with its error history (404 if unknown)</li>
 * <li>{@code GET /actuator/jobs/{queue}/{state}?before=&limit=}: a page of jobs, newest
 * first; {@code all} matches any queue or state; {@code before} is the {@code nextBefore}
 * of the previous page</li>
 * <li>{@code POST /actuator/jobs/{id}} with {@code {"action":"cancel"}} or
 * {@code {"action":"retry"}}: cancel or retry the job</li>
 * <li>{@code POST /actuator/jobs/{queue}/pause} and {@code .../resume}</li>
 * <li>{@code DELETE /actuator/jobs/{queue}/available}: delete its available jobs</li>
 * <li>{@code DELETE /actuator/jobs/{queue}/waiting}: clear the queue, deleting its
 * available, scheduled and retryable jobs</li>
 * </ul>
 */
@Endpoint(id = "jobs")
public class JobsEndpoint {

	/** Page size of the listing when none is given. */
	public static final int DEFAULT_LIMIT = 20;

	/** Largest page of the listing. */
	public static final int MAX_LIMIT = 500;

	/** Completions and failures are counted over this window. */
	public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

	private static final String ALL = "all";

	private static final String WAITING = "waiting";

	private final JobStore store;

	private final JobDispatcher dispatcher;

	private final @Nullable Supervisor supervisor;

	private final Clock clock;

	public JobsEndpoint(JobStore store, JobDispatcher dispatcher, @Nullable Supervisor supervisor, Clock clock) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
		this.supervisor = supervisor;
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
	}

	public JobsDescriptor jobs() {
		return jobs(null);
	}

	/**
	 * This node and the queues' figures.
	 * @param queue the one queue to show, answered even when it has no jobs; {@code null}
	 * for every queue that has jobs or runs on this node
	 * @return the figures
	 */
	@ReadOperation
	public JobsDescriptor jobs(@Nullable String queue) {
		Instant now = this.clock.instant();
		Set<String> paused = this.store.pausedQueues();
		Map<String, QueueDescriptor> queues = new TreeMap<>();
		for (QueueStats stats : this.store.stats(new StatsParams(now.minus(RATE_WINDOW)))) {
			if (queue == null || queue.equals(stats.queue())) {
				queues.put(stats.queue(), QueueDescriptor.of(stats, now, paused.contains(stats.queue())));
			}
		}
		if (queue != null) {
			queues.computeIfAbsent(queue, (name) -> QueueDescriptor.empty(paused.contains(name)));
		}
		if (this.supervisor != null) {
			for (Supervisor.QueueStatus status : this.supervisor.queues()) {
				if (queue != null && !queue.equals(status.name())) {
					continue;
				}
				QueueDescriptor figures = queues.getOrDefault(status.name(),
						QueueDescriptor.empty(paused.contains(status.name())));
				queues.put(status.name(), figures.onThisNode(status));
			}
		}
		return new JobsDescriptor((this.supervisor != null) ? this.supervisor.nodeId() : null,
				this.supervisor != null && this.supervisor.isLeader(),
				this.supervisor != null && this.supervisor.isRunning(), paused.stream().sorted().toList(), queues,
				(this.supervisor != null) ? LimitsDescriptor.of(this.supervisor.limitStatus()) : null);
	}

	@ReadOperation
	public @Nullable JobDescriptor job(@Selector long id) {
		return this.store.find(id).map(this::withWorkflow).orElse(null);
	}

	/** A workflow step with its workflow's state and steps. */
	private JobDescriptor withWorkflow(Job job) {
		WorkflowStatus workflow = (job.workflowId() != null) ? this.dispatcher.workflow(job.workflowId()).orElse(null)
				: null;
		return JobDescriptor.of(job, workflow, this.store.findProgress(job.id()).orElse(null));
	}

	@ReadOperation
	public JobPageDescriptor list(@Selector String queue, @Selector String state, @Nullable Long before,
			@Nullable Integer limit, @Nullable String tag) {
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (size < 1 || size > MAX_LIMIT) {
			throw invalid("limit must be between 1 and " + MAX_LIMIT + ", but was " + size);
		}
		List<JobDescriptor> jobs = this.store
			.list(new ListParams(ALL.equals(queue) ? null : queue, parseState(state), before, size).withTag(tag))
			.stream()
			.map(JobDescriptor::of)
			.toList();
		Long nextBefore = (jobs.size() == size) ? jobs.get(jobs.size() - 1).id() : null;
		return new JobPageDescriptor(jobs, nextBefore);
	}

	@WriteOperation
	public WebEndpointResponse<JobDescriptor> changeJob(@Selector long id, String action) {
		Optional<Job> job = switch (action.toLowerCase(Locale.ROOT)) {
			case "retry" -> this.dispatcher.retry(id);
			case "cancel" -> this.dispatcher.cancel(id);
			case "cancel-workflow" -> cancelWorkflowOf(id);
			default -> throw invalid(
					"Unknown action '" + action + "' on a job; use \"retry\", \"cancel\" or \"cancel-workflow\"");
		};
		return job.map((found) -> new WebEndpointResponse<>(withWorkflow(found)))
			.orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
	}

	/** Cancel the workflow a job is a step of. */
	private Optional<Job> cancelWorkflowOf(long id) {
		Optional<Job> job = this.store.find(id);
		if (job.isPresent() && job.get().workflowId() == null) {
			throw invalid("Job " + id + " is not a workflow step; use \"cancel\" to cancel it");
		}
		job.ifPresent((step) -> this.dispatcher.cancelWorkflow(step.workflowId()));
		return this.store.find(id);
	}

	@WriteOperation
	public QueueStateDescriptor changeQueue(@Selector String queue, @Selector String action) {
		boolean pause = switch (action.toLowerCase(Locale.ROOT)) {
			case "pause" -> true;
			case "resume" -> false;
			default -> throw invalid("Unknown action '" + action + "' on a queue; use \"pause\" or \"resume\"");
		};
		if (this.supervisor != null) {
			if (pause) {
				this.supervisor.pause(queue);
			}
			else {
				this.supervisor.resume(queue);
			}
		}
		else {
			this.store.setPaused(queue, pause);
		}
		return new QueueStateDescriptor(queue, this.store.pausedQueues().contains(queue));
	}

	/**
	 * Delete a queue's available jobs ({@code available}), or clear it of every job that
	 * waits to run ({@code waiting}: available, scheduled and retryable).
	 * @param queue the queue
	 * @param state {@code available} or {@code waiting}
	 * @return how many jobs were deleted
	 */
	@DeleteOperation
	public DeletedJobsDescriptor deleteJobs(@Selector String queue, @Selector String state) {
		if (ALL.equalsIgnoreCase(queue)) {
			// GET reads "all" as every queue: a delete must not take it for one queue's
			// name.
			throw invalid("Jobs are deleted one queue at a time; name the queue instead of '" + queue + "'");
		}
		if (WAITING.equalsIgnoreCase(state)) {
			return new DeletedJobsDescriptor(queue, this.store.deleteWaiting(queue, this.clock.instant()));
		}
		if (parseState(state) != JobState.AVAILABLE) {
			throw invalid("Only a queue's available or waiting jobs can be deleted, not '" + state
					+ "'; use DELETE .../" + queue + "/available, DELETE .../" + queue
					+ "/waiting (available, scheduled and retryable), or cancel single jobs");
		}
		return new DeletedJobsDescriptor(queue, this.store.deleteAvailable(queue, this.clock.instant()));
	}

	/**
	 * A bad request whose whole explanation is also its reason, the part that reaches the
	 * HTTP answer (shown when {@code server.error.include-message} allows).
	 */
	private static InvalidEndpointRequestException invalid(String message) {
		return new InvalidEndpointRequestException(message, message);
	}

	private static @Nullable JobState parseState(String state) {
		if (ALL.equalsIgnoreCase(state)) {
			return null;
		}
		try {
			return JobState.valueOf(state.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("Unknown job state '" + state + "'; use one of "
					+ Arrays.stream(JobState.values()).map((s) -> s.name().toLowerCase(Locale.ROOT)).toList() + " or '"
					+ ALL + "'");
		}
	}

}
