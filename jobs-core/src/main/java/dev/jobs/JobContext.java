package dev.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;

/**
 * What a running handler can know about its job, and how it learns that it should stop.
 */
public interface JobContext {

	/**
	 * The job as it was claimed (state executing, attempt already counted).
	 * @return the job
	 */
	Job job();

	default long id() {
		return job().id();
	}

	default String kind() {
		return job().kind();
	}

	default String queue() {
		return job().queue();
	}

	/**
	 * The attempt running now, from 1.
	 * @return the attempt
	 */
	default int attempt() {
		return job().attempt();
	}

	default int maxAttempts() {
		return job().maxAttempts();
	}

	default Instant insertedAt() {
		return job().insertedAt();
	}

	default Instant scheduledAt() {
		return job().scheduledAt();
	}

	/**
	 * Whether the handler should stop: the job was cancelled, timed out, or the node is
	 * shutting down. Long handlers should check this between steps (the thread is
	 * interrupted as well).
	 * @return true once the handler should stop
	 */
	boolean isCancelled();

	/**
	 * A logger for the handler; the job's id, kind, queue and attempt are in the MDC
	 * while it runs.
	 * @return the logger
	 */
	Logger logger();

	/**
	 * The jobs this job depends on, as they are now (completed, unless this job runs
	 * whatever its dependencies' outcome), read from the store on first use.
	 * @return the dependencies, by id; empty for a job without dependencies
	 */
	default List<Job> dependencies() {
		return List.of();
	}

	/**
	 * The result of one dependency, bound to a type.
	 * @param <R> the type
	 * @param id the dependency's id
	 * @param type the type its result binds to
	 * @return the result, or empty when that dependency returned nothing
	 * @throws IllegalArgumentException if the job does not depend on {@code id}, or the
	 * result does not bind to the type
	 */
	default <R> Optional<R> dependencyResult(long id, Class<R> type) {
		throw new IllegalArgumentException("Job " + id() + " does not depend on job " + id);
	}

	/**
	 * The results of every dependency that returned one, bound to a type.
	 * @param <R> the type
	 * @param type the type the results bind to
	 * @return the results by dependency id, in id order
	 * @throws IllegalArgumentException if a result does not bind to the type
	 */
	default <R> Map<Long, R> dependencyResults(Class<R> type) {
		return Map.of();
	}

	/**
	 * Add steps to this job's workflow (a fan-out whose size is known only now): the
	 * workflow's steps that await added steps wait for them too.
	 * @param steps the steps to add
	 * @return the workflow after the change
	 * @throws IllegalStateException if this job is not a workflow step
	 */
	default WorkflowStatus addSteps(Workflow steps) {
		throw new IllegalStateException("Job " + id() + " cannot add workflow steps here");
	}

	/**
	 * Report how far the job got, for operators ({@code /actuator/jobs/{id}}). Cheap to
	 * call often: the engine writes the latest report at most once a second.
	 * @param fraction from 0 to 1
	 */
	void progress(double fraction);

	/**
	 * Report how far the job got as {@code done} of {@code total} units.
	 * @param done the units done, from 0
	 * @param total the units in all, at least 1
	 */
	void progress(long done, long total);

	/**
	 * Append a short line to the job's log, which operators read with the job. The last
	 * {@value JobProgress#MAX_LINES} lines (at most 64 KB) are kept; written with the
	 * progress, at most once a second. Not a replacement for {@link #logger()}.
	 * @param line the line
	 */
	void log(String line);

}
