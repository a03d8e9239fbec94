package dev.jobs.engine;

import java.time.Duration;

/**
 * A part of the engine that runs in the background on this node. The {@link Supervisor}
 * holds its services in a list, starts them in order and stops them in reverse.
 * {@code stop} is idempotent and safe before {@code start}.
 */
interface Service {

	void start();

	/**
	 * Stop, waiting for work in progress at most about {@code timeout} (each service
	 * bounds its own wait by what it does).
	 * @param timeout the supervisor's shutdown timeout
	 */
	void stop(Duration timeout);

}
