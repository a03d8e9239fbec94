package dev.jobs.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of attempt observations; implement it (or extend
 * {@link DefaultJobExecuteObservationConvention}) to change them.
 */
public interface JobExecuteObservationConvention extends ObservationConvention<JobExecuteContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JobExecuteContext;
	}

}
