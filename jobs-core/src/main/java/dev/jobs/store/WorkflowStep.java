package dev.jobs.store;

import dev.jobs.internal.Require;

/**
 * The workflow step a job to insert is.
 *
 * @param workflowId the workflow it joins, or 0 for a new workflow whose id is that of
 * the first step of the insert
 * @param name the step's name
 * @param awaitsAdded whether the step also waits for every step added to its workflow
 * while it waits: the store makes such a step, while pending, depend on each step a later
 * insert adds to the workflow
 */
public record WorkflowStep(long workflowId, String name, boolean awaitsAdded) {

	public WorkflowStep {
		Require.name(name, "step name");
		if (workflowId < 0) {
			throw new IllegalArgumentException("workflowId must not be negative, but was " + workflowId);
		}
	}

	/**
	 * The error of an insert that adds steps to a workflow whose waiting steps no longer
	 * wait.
	 * @param workflowId the workflow
	 * @return the message
	 */
	public static String tooLateMessage(long workflowId) {
		return "Workflow " + workflowId + " has steps that wait for added steps, but none of them waits any more "
				+ "(they run or ran already); add steps while they wait";
	}

}
