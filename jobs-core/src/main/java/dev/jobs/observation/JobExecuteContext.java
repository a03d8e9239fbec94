package dev.jobs.observation;

import java.util.Map;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.observation.JobsObservationDocumentation.HighCardinalityKeys;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of one attempt. Its carrier is the job's meta, from which a tracing handler
 * reads the enqueuing trace's context: the attempt's span continues that trace, on any
 * node, after any restart.
 */
public class JobExecuteContext extends ReceiverContext<Map<String, String>> {

	private final Job job;

	private volatile JobEvent.@Nullable Type outcome;

	/**
	 * The job's id and attempt as key values, built once for the start and the stop. Not
	 * volatile: a stop on another thread (a timeout) that sees none builds an equal one.
	 */
	private @Nullable KeyValues highCardinality;

	public JobExecuteContext(Job job) {
		super((carrier, key) -> carrier.get(key));
		setCarrier(job.meta());
		this.job = job;
	}

	/**
	 * The job as claimed for this attempt.
	 * @return the job
	 */
	public Job getJob() {
		return this.job;
	}

	/**
	 * How the attempt ended.
	 * @return the outcome, or {@code null} while it runs
	 */
	public JobEvent.@Nullable Type getOutcome() {
		return this.outcome;
	}

	/**
	 * The job's id and attempt, in key order.
	 * @return the key values
	 */
	KeyValues highCardinalityKeyValues() {
		KeyValues values = this.highCardinality;
		if (values == null) {
			// Sorted already ("job.attempt" before "job.id"): KeyValues keeps them as
			// given.
			values = KeyValues.of(HighCardinalityKeys.ATTEMPT.withValue(Integer.toString(this.job.attempt())),
					HighCardinalityKeys.JOB_ID.withValue(Long.toString(this.job.id())));
			this.highCardinality = values;
		}
		return values;
	}

	void setOutcome(JobEvent.Type outcome) {
		this.outcome = outcome;
	}

}
