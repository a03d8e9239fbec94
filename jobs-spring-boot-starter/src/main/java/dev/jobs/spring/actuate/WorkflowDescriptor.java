package dev.jobs.spring.actuate;

import java.util.List;
import java.util.Locale;

import dev.jobs.Job;
import dev.jobs.WorkflowStatus;

/**
 * The workflow a job is a step of: its state and its steps.
 *
 * @param id the workflow's id (its first step's job id)
 * @param state what its steps add up to (lower case)
 * @param steps its steps, in the order they were enqueued
 */
public record WorkflowDescriptor(long id, String state, List<StepDescriptor> steps) {

	static WorkflowDescriptor of(WorkflowStatus status) {
		return new WorkflowDescriptor(status.id(), status.state().name().toLowerCase(Locale.ROOT),
				status.steps().stream().map(StepDescriptor::of).toList());
	}

	/**
	 * One step.
	 *
	 * @param name the step's name
	 * @param jobId its job
	 * @param state its job's state (lower case)
	 */
	public record StepDescriptor(String name, long jobId, String state) {

		static StepDescriptor of(Job job) {
			return new StepDescriptor(String.valueOf(job.step()), job.id(),
					job.state().name().toLowerCase(Locale.ROOT));
		}

	}

}
