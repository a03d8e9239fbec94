package dev.jobs.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.jobs.JobRequest;
import dev.jobs.Workflow;
import dev.jobs.store.Dependencies;
import dev.jobs.store.JobInsert;
import dev.jobs.store.WorkflowStep;

/**
 * Turns a workflow's steps into one insert: each step a job, its dependencies on other
 * steps of the same insert by position (the workflow orders steps after those they depend
 * on), on other jobs by id.
 */
final class WorkflowInserts {

	private WorkflowInserts() {
	}

	/**
	 * The inserts of a workflow's steps.
	 * @param workflow the steps
	 * @param workflowId the workflow they join, or 0 for a new one
	 * @param resolve resolves a request's options, as any enqueue does
	 * @return the inserts, in the workflow's order
	 */
	static List<JobInsert> of(Workflow workflow, long workflowId, Function<JobRequest, JobInsert> resolve) {
		Map<String, Integer> positions = new HashMap<>();
		List<JobInsert> inserts = new ArrayList<>(workflow.steps().size());
		for (Workflow.Step step : workflow.steps()) {
			JobRequest request = step.request();
			if (request.uniqueKey() != null) {
				throw new IllegalArgumentException("Step '" + step.name() + "' has a unique key ('"
						+ request.uniqueKey() + "'); workflow steps cannot be unique jobs");
			}
			List<Integer> earlier = step.dependsOn().stream().map(positions::get).toList();
			JobInsert insert = resolve.apply(request);
			Dependencies dependencies = new Dependencies(request.dependsOn(), earlier, request.runAnyway());
			positions.put(step.name(), inserts.size());
			inserts.add(
					insert.dependsOn(dependencies).step(new WorkflowStep(workflowId, step.name(), step.awaitsAdded())));
		}
		return inserts;
	}

}
