package dev.jobs.spring.test;

/**
 * How the engine behaves in a test: set it with the {@code jobs.test.mode} property or
 * with {@link JobsTest#mode()}.
 */
public enum JobsTestMode {

	/**
	 * Jobs are stored, and no worker, cron or maintenance thread starts: the test runs
	 * them with {@link JobsTestHelper#drain} or {@link JobsTestHelper#perform}.
	 */
	MANUAL,

	/**
	 * A job runs on the enqueuing thread as soon as it is visible: at once, or when the
	 * caller's transaction commits. A failing handler makes the enqueue (or the commit)
	 * throw {@link JobFailedException}. No background thread starts.
	 */
	INLINE,

	/** The engine runs as in the application: the supervisor starts with the context. */
	RUNNING

}
