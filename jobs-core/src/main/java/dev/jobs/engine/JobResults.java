package dev.jobs.engine;

import java.lang.reflect.Type;
import java.util.Objects;
import java.util.function.Supplier;

import dev.jobs.ArgsCodec;
import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobsException;
import dev.jobs.Workflow;
import dev.jobs.WorkflowStatus;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;

/**
 * Handler results as JSON: written once a handler returns, within the configured size,
 * and read back (typed) by the jobs that depend on them.
 */
final class JobResults {

	private final ArgsCodec codec;

	private final int maxBytes;

	private final JobStore store;

	private final @Nullable Supplier<JobDispatcher> dispatcher;

	/**
	 * Results and workflow steps of running jobs.
	 * @param codec writes and binds JSON
	 * @param maxBytes the largest result
	 * @param store where dependencies are read
	 * @param dispatcher adds workflow steps, or {@code null} where jobs cannot
	 */
	JobResults(ArgsCodec codec, int maxBytes, JobStore store, @Nullable Supplier<JobDispatcher> dispatcher) {
		this.codec = Objects.requireNonNull(codec, "codec must not be null");
		this.maxBytes = maxBytes;
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.dispatcher = dispatcher;
	}

	/**
	 * Add steps to a running job's workflow.
	 * @param job the running job
	 * @param steps the steps
	 * @return the workflow after the change
	 */
	WorkflowStatus addSteps(Job job, Workflow steps) {
		if (job.workflowId() == null) {
			throw new IllegalStateException("Job " + job.id() + " (kind '" + job.kind()
					+ "') is not a workflow step, so it has no workflow to add steps to");
		}
		if (this.dispatcher == null) {
			throw new IllegalStateException("Job " + job.id() + " runs without a dispatcher to add workflow steps");
		}
		return this.dispatcher.get().addSteps(job.workflowId(), steps);
	}

	/**
	 * The JSON to store for what a handler returned.
	 * @param job the job
	 * @param value the return value, {@code null} for none
	 * @return the JSON, or {@code null} to store nothing
	 * @throws JobsException if the value cannot be written or is too large: the attempt
	 * fails for good, since running it again would return the same
	 */
	@Nullable String write(Job job, @Nullable Object value) {
		if (value == null) {
			return null;
		}
		String json;
		try {
			json = this.codec.serialize(value);
		}
		catch (RuntimeException ex) {
			throw new JobsException("The result of job " + job.id() + " (kind '" + job.kind() + "'), a "
					+ value.getClass().getName() + ", cannot be written as JSON: " + ex.getMessage()
					+ "; return a record, a Map or a String", ex);
		}
		int size = ClientConfig.utf8Length(json);
		if (size > this.maxBytes) {
			throw new JobsException("The result of job " + job.id() + " (kind '" + job.kind() + "') is " + size
					+ " bytes of JSON, over the limit of " + this.maxBytes
					+ " bytes (jobs.max-result-size); store large data elsewhere and return a reference, "
					+ "or raise the limit");
		}
		return json;
	}

	/**
	 * Bind a stored result to a type.
	 * @param json the stored result
	 * @param type the type wanted
	 * @return the value
	 */
	Object bind(String json, Type type) {
		return this.codec.bind(json, type);
	}

	JobStore store() {
		return this.store;
	}

}
