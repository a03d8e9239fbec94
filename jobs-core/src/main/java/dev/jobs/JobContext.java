package dev.jobs;

import java.time.Instant;

import org.slf4j.Logger;

/**
 * What a running handler can know about its job, and how it learns that it should stop.
 */
public interface JobContext {

	/**
	 * The job as it was claimed (state executing, attempt already counted).
	 * @return the job
	 */
	Job job();

	default long id() {
		return job().id();
	}

	default String kind() {
		return job().kind();
	}

	default String queue() {
		return job().queue();
	}

	/**
	 * The attempt running now, from 1.
	 * @return the attempt
	 */
	default int attempt() {
		return job().attempt();
	}

	default int maxAttempts() {
		return job().maxAttempts();
	}

	default Instant insertedAt() {
		return job().insertedAt();
	}

	default Instant scheduledAt() {
		return job().scheduledAt();
	}

	/**
	 * Whether the handler should stop: the job was cancelled, timed out, or the node is
	 * shutting down. Long handlers should check this between steps (the thread is
	 * interrupted as well).
	 * @return true once the handler should stop
	 */
	boolean isCancelled();

	/**
	 * A logger for the handler; the job's id, kind, queue and attempt are in the MDC
	 * while it runs.
	 * @return the logger
	 */
	Logger logger();

}
