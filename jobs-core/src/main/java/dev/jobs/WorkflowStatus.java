package dev.jobs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow's steps as the store last saw them, and the state they add up to.
 *
 * @param id the workflow's id (that of its first step's job)
 * @param state what the steps add up to
 * @param steps the steps' jobs, in the order they were enqueued
 */
public record WorkflowStatus(long id, State state, List<Job> steps) {

	public WorkflowStatus {
		Objects.requireNonNull(state, "state must not be null");
		steps = List.copyOf(steps);
	}

	/**
	 * The status of a workflow's jobs.
	 * @param id the workflow's id
	 * @param steps its jobs
	 * @return the status
	 */
	public static WorkflowStatus of(long id, List<Job> steps) {
		return new WorkflowStatus(id, State.of(steps), steps);
	}

	/**
	 * One step's job, by name.
	 * @param name the step's name
	 * @return the job, or empty if the workflow has no such step
	 */
	public Optional<Job> step(String name) {
		return this.steps.stream().filter((job) -> name.equals(job.step())).findFirst();
	}

	/**
	 * What a workflow's steps add up to.
	 */
	public enum State {

		/** Some steps wait or run. */
		RUNNING,

		/** Every step completed. */
		COMPLETED,

		/** Every step finished, and at least one was discarded. */
		DISCARDED,

		/** Every step finished, none discarded, and at least one was cancelled. */
		CANCELLED;

		static State of(List<Job> steps) {
			boolean discarded = false;
			boolean cancelled = false;
			for (Job job : steps) {
				if (!job.state().isFinal()) {
					return RUNNING;
				}
				discarded |= job.state() == JobState.DISCARDED;
				cancelled |= job.state() == JobState.CANCELLED;
			}
			return discarded ? DISCARDED : cancelled ? CANCELLED : COMPLETED;
		}

	}

}
