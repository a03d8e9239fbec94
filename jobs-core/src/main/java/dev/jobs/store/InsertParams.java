package dev.jobs.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Jobs to insert in one round trip.
 *
 * @param jobs the jobs
 * @param now the insert time: jobs scheduled after it are inserted as scheduled, the
 * others as available
 */
public record InsertParams(List<JobInsert> jobs, Instant now) {

	public InsertParams {
		jobs = List.copyOf(jobs);
		Objects.requireNonNull(now, "now must not be null");
	}

}
