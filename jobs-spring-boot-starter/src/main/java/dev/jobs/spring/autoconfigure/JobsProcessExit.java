package dev.jobs.spring.autoconfigure;

/**
 * Ends the process of a one-shot worker once its context is closed: {@code System::exit}
 * unless a bean of this type replaces it (in tests, or to exit another way).
 */
@FunctionalInterface
public interface JobsProcessExit {

	/**
	 * End the process.
	 * @param status the exit status, 0 once every outcome is written
	 */
	void exit(int status);

}
