package dev.jobs;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Enqueues jobs and steers them afterwards. Inside a transaction that the store can join
 * (a Spring transaction, with the starter), a job is visible only once the transaction
 * commits, and never if it rolls back.
 */
public interface JobDispatcher {

	/**
	 * Enqueue a job with the handler's and the dispatcher's default options.
	 * @param kind the handler's name
	 * @param args the arguments, serialized to JSON now: later changes to the object do
	 * not reach the job
	 * @return the stored job (for a unique key already taken, the job that holds it)
	 * @throws IllegalArgumentException if the kind is unknown or blank, or the args
	 * cannot be serialized
	 */
	default Job enqueue(String kind, @Nullable Object args) {
		return enqueue(JobRequest.of(kind, args));
	}

	/**
	 * Enqueue a job with options.
	 * @param request the job and its options
	 * @return the stored job (for a unique key already taken, the job that holds it)
	 */
	Job enqueue(JobRequest request);

	/**
	 * Enqueue many jobs in one round trip to the store.
	 * @param requests the jobs
	 * @return the stored jobs, in the order of the requests
	 */
	List<Job> enqueueAll(List<JobRequest> requests);

	/**
	 * Cancel a job. A waiting job is cancelled at once; an executing one is asked to stop
	 * (its {@link JobContext#isCancelled()} turns true and its thread is interrupted) and
	 * ends cancelled unless it completes first. A finished job is left as it is.
	 * @param id the job's id
	 * @return the job after the request, or empty if there is no such job
	 */
	Optional<Job> cancel(long id);

	/**
	 * Make a job available to run again now: a discarded, cancelled or completed job runs
	 * once more (with one more attempt allowed if its attempts were used up), and a
	 * waiting one runs without waiting for its time. An executing job is left as it is.
	 * @param id the job's id
	 * @return the job after the request, or empty if there is no such job
	 */
	Optional<Job> retry(long id);

	/**
	 * Enqueue a workflow: every step in one round trip to the store, atomically (in the
	 * caller's transaction when there is one, like any enqueue). Steps wait
	 * {@link JobState#PENDING} for the steps they depend on.
	 * @param workflow the steps
	 * @return the workflow's id and its steps' jobs
	 */
	default WorkflowStatus enqueue(Workflow workflow) {
		throw new UnsupportedOperationException(getClass().getName() + " does not enqueue workflows");
	}

	/**
	 * Add steps to a workflow that runs: its steps that await added steps
	 * ({@link Workflow.Builder#stepAfterAll}) and still wait, wait for these too. A new
	 * step depends on existing steps by their jobs' ids ({@link JobRequest#dependsOn}).
	 * @param workflowId the workflow
	 * @param steps the steps to add; their names must be new in the workflow
	 * @return the workflow after the change
	 * @throws IllegalArgumentException if there is no such workflow, or a name is taken
	 * @throws IllegalStateException if the workflow's awaiting steps no longer wait
	 */
	default WorkflowStatus addSteps(long workflowId, Workflow steps) {
		throw new UnsupportedOperationException(getClass().getName() + " does not add workflow steps");
	}

	/**
	 * A workflow's state and its steps.
	 * @param workflowId the workflow
	 * @return the status, or empty if there is no such workflow (or it was pruned)
	 */
	default Optional<WorkflowStatus> workflow(long workflowId) {
		return Optional.empty();
	}

	/**
	 * Cancel a workflow: its waiting steps are cancelled, its running ones asked to stop.
	 * @param workflowId the workflow
	 * @return the workflow after the request, or empty if there is no such workflow
	 */
	default Optional<WorkflowStatus> cancelWorkflow(long workflowId) {
		return Optional.empty();
	}

}
