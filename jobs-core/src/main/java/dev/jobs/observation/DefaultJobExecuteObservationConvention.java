package dev.jobs.observation;

import java.util.Locale;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.observation.JobsObservationDocumentation.HighCardinalityKeys;
import dev.jobs.observation.JobsObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of an attempt: {@code jobs.execute}, contextual name
 * {@code execute <kind>}.
 */
public class DefaultJobExecuteObservationConvention implements JobExecuteObservationConvention {

	/** The observation's name, and so the meters' (a timer {@code jobs.execute}). */
	public static final String NAME = "jobs.execute";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(JobExecuteContext context) {
		return "execute " + context.getJob().kind();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JobExecuteContext context) {
		Job job = context.getJob();
		JobEvent.Type outcome = context.getOutcome();
		return KeyValues.of(LowCardinalityKeys.QUEUE.withValue(job.queue()),
				LowCardinalityKeys.KIND.withValue(job.kind()), LowCardinalityKeys.OUTCOME
					.withValue((outcome != null) ? outcome.name().toLowerCase(Locale.ROOT) : "unknown"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JobExecuteContext context) {
		Job job = context.getJob();
		return KeyValues.of(HighCardinalityKeys.JOB_ID.withValue(Long.toString(job.id())),
				HighCardinalityKeys.ATTEMPT.withValue(Integer.toString(job.attempt())));
	}

}
