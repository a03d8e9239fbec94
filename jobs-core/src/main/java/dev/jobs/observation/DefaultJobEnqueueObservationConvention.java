package dev.jobs.observation;

import java.util.List;
import java.util.function.Function;

import dev.jobs.observation.JobsObservationDocumentation.HighCardinalityKeys;
import dev.jobs.observation.JobsObservationDocumentation.LowCardinalityKeys;
import dev.jobs.store.JobInsert;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of an enqueue: {@code jobs.enqueue}, contextual name
 * {@code enqueue <kind>}.
 */
public class DefaultJobEnqueueObservationConvention implements JobEnqueueObservationConvention {

	/** The observation's name, and so the meters' (a timer {@code jobs.enqueue}). */
	public static final String NAME = "jobs.enqueue";

	/** The value of queue or kind for an enqueue of several. */
	public static final String MANY = "many";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(JobEnqueueContext context) {
		return "enqueue " + common(context.getJobs(), JobInsert::kind);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JobEnqueueContext context) {
		String outcome = (context.getError() != null) ? "failed" : "enqueued";
		return KeyValues.of(LowCardinalityKeys.QUEUE.withValue(common(context.getJobs(), JobInsert::queue)),
				LowCardinalityKeys.KIND.withValue(common(context.getJobs(), JobInsert::kind)),
				LowCardinalityKeys.OUTCOME.withValue(outcome));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JobEnqueueContext context) {
		KeyValues values = KeyValues
			.of(HighCardinalityKeys.JOB_COUNT.withValue(Integer.toString(context.getJobs().size())));
		if (!context.getStored().isEmpty()) {
			values = values.and(HighCardinalityKeys.JOB_ID.withValue(Long.toString(context.getStored().get(0).id())));
		}
		return values;
	}

	private static String common(List<JobInsert> jobs, Function<JobInsert, String> value) {
		String first = value.apply(jobs.get(0));
		for (JobInsert job : jobs) {
			if (!first.equals(value.apply(job))) {
				return MANY;
			}
		}
		return first;
	}

}
