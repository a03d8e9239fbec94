package dev.jobs.engine;

import java.util.Objects;

import dev.jobs.JobObserver;
import org.slf4j.event.Level;

/**
 * What an attempt reports besides its outcome: to the observer (traces) and the log.
 *
 * @param observer watches each attempt
 * @param completedLevel the level of the line logged when a job completes
 * @param progress keeps and writes what handlers report of their progress
 */
record Telemetry(JobObserver observer, Level completedLevel, ProgressWriter progress) {

	Telemetry {
		Objects.requireNonNull(observer, "observer must not be null");
		Objects.requireNonNull(completedLevel, "completedLevel must not be null");
		Objects.requireNonNull(progress, "progress must not be null");
	}

}
