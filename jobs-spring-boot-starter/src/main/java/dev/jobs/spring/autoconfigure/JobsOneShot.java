package dev.jobs.spring.autoconfigure;

import dev.jobs.engine.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ends a one-shot worker ({@code jobs.worker.max-jobs},
 * {@code jobs.worker.exit-when-empty}) once its supervisor is done: closes the
 * application context, which stops the supervisor and writes every outcome, then exits
 * with the context's exit code (0 unless the application's {@code ExitCodeGenerator}s say
 * otherwise). A worker without such a limit is never done, and this does nothing.
 */
final class JobsOneShot {

	private static final Logger logger = LoggerFactory.getLogger(JobsOneShot.class);

	JobsOneShot(Supervisor supervisor, ConfigurableApplicationContext context, JobsProcessExit exit) {
		// Not on the thread that completes the future: that is a job's thread or a
		// producer's, which closing the context waits for.
		supervisor.finished().thenRunAsync(() -> {
			int status = SpringApplication.exit(context);
			logger.info("Jobs one-shot worker stopped; exiting with status {}", status);
			exit.exit(status);
		}, JobsOneShot::onOwnThread);
	}

	private static void onOwnThread(Runnable task) {
		Thread thread = new Thread(task, "jobs-one-shot-exit");
		thread.start();
	}

}
