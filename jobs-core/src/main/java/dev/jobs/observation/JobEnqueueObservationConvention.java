package dev.jobs.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of enqueue observations; implement it (or extend
 * {@link DefaultJobEnqueueObservationConvention}) to change them.
 */
public interface JobEnqueueObservationConvention extends ObservationConvention<JobEnqueueContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JobEnqueueContext;
	}

}
