package dev.jobs.spring.test;

import java.util.List;

import dev.jobs.JobEvent;

/**
 * What a drain ran, in order: one event per attempt, telling how the attempt ended
 * ({@code COMPLETED}, {@code RETRIED}, {@code DISCARDED}, {@code SNOOZED} or
 * {@code CANCELLED}) and with which error.
 *
 * @param runs the attempts' outcomes
 */
public record DrainResult(List<JobEvent> runs) {

	public DrainResult {
		runs = List.copyOf(runs);
	}

	/**
	 * How many attempts ran.
	 * @return the count
	 */
	public int count() {
		return this.runs.size();
	}

	/**
	 * How many attempts ended a given way.
	 * @param type the outcome
	 * @return the count
	 */
	public long count(JobEvent.Type type) {
		return this.runs.stream().filter((run) -> run.type() == type).count();
	}

	/**
	 * The kinds of the jobs that ran, in order.
	 * @return one kind per attempt
	 */
	public List<String> kinds() {
		return this.runs.stream().map((run) -> run.job().kind()).toList();
	}

	/**
	 * The attempts that failed (retried or discarded).
	 * @return their outcomes
	 */
	public List<JobEvent> failures() {
		return this.runs.stream()
			.filter((run) -> run.type() == JobEvent.Type.RETRIED || run.type() == JobEvent.Type.DISCARDED)
			.toList();
	}

	/**
	 * Fail unless every attempt completed.
	 * @return this result
	 * @throws JobFailedException for the first attempt that did not complete
	 */
	public DrainResult assertAllCompleted() {
		for (JobEvent run : this.runs) {
			if (run.type() != JobEvent.Type.COMPLETED) {
				throw new JobFailedException(run);
			}
		}
		return this;
	}

}
