package dev.jobs.observation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.jobs.Job;
import dev.jobs.store.JobInsert;
import io.micrometer.observation.transport.SenderContext;

/**
 * The context of one enqueue call. Its carrier is the meta stored with each job: a
 * tracing handler writes the trace context into it (a W3C {@code traceparent}).
 */
public class JobEnqueueContext extends SenderContext<Map<String, String>> {

	private final List<JobInsert> jobs;

	private List<Job> stored = List.of();

	public JobEnqueueContext(List<JobInsert> jobs) {
		super(Map::put);
		setCarrier(new HashMap<>());
		this.jobs = List.copyOf(jobs);
	}

	/**
	 * The jobs to insert, options resolved.
	 * @return the jobs
	 */
	public List<JobInsert> getJobs() {
		return this.jobs;
	}

	/**
	 * The stored jobs, once the insert returned.
	 * @return the jobs, empty before then or when it failed
	 */
	public List<Job> getStored() {
		return this.stored;
	}

	void setStored(List<Job> stored) {
		this.stored = List.copyOf(stored);
	}

}
