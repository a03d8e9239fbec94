package dev.jobs.engine;

import java.util.Objects;

import dev.jobs.JobRequest;
import dev.jobs.internal.Require;

/**
 * A recurring job: at each scheduled tick, the leader enqueues a copy of its request.
 *
 * @param name the entry's name, unique among entries; it identifies the entry's ticks
 * across the cluster
 * @param schedule when ticks fall
 * @param request the job to enqueue at each tick (its unique key is set per tick)
 */
public record CronEntry(String name, CronSchedule schedule, JobRequest request) {

	public CronEntry {
		Require.name(name, "cron entry name");
		Objects.requireNonNull(schedule, () -> "schedule of cron entry '" + name + "' must not be null");
		Objects.requireNonNull(request, () -> "request of cron entry '" + name + "' must not be null");
	}

}
