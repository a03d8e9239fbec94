package dev.jobs.reliability;

import java.time.Duration;

import dev.jobs.reliability.ReliabilityDatabase.Server;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM mid-run: the worker stops claiming, lets its running jobs finish, writes every
 * outcome and exits within its shutdown timeout. No job runs twice or is left executing.
 */
abstract class AbstractGracefulShutdownTest extends ReliabilityScenario {

	private static final int JOBS = 5_000;

	AbstractGracefulShutdownTest(Server server) {
		super(server);
	}

	@Test
	void sigtermLetsRunningJobsFinishAndLeavesNothingExecuting() throws Exception {
		this.database.enqueueRecordJobs(JOBS);
		Duration exit;
		try (WorkerProcess worker = WorkerProcess.start(this.database, "terminated", 16, 20)) {
			await().atMost(Duration.ofMinutes(2)).until(() -> this.database.executions() >= JOBS / 10);

			exit = worker.terminate(Duration.ofSeconds(30));

			assertThat(worker.stoppedGracefully()).as("graceful stop (%s)", worker.exitStatus()).isTrue();
		}
		assertThat(this.database.count("SELECT count(*) FROM jobs WHERE state = 1")).isZero();
		assertThat(this.database.count("SELECT count(*) FROM jobs_nodes")).isZero();

		try (WorkerProcess successor = WorkerProcess.start(this.database, "successor", 16, 1)) {
			await().atMost(Duration.ofMinutes(2))
				.until(() -> this.database.count("SELECT count(*) FROM jobs WHERE state = 2") == JOBS);
		}
		ReliabilityDatabase.Figures figures = this.database.figures();
		System.out.println(figures.describe("graceful shutdown (SIGTERM) on " + this.database.server(), exit));
		assertThat(exit).isLessThan(Duration.ofSeconds(10 + 5));
		assertThat(figures.lost()).isZero();
		assertThat(figures.stuck()).isZero();
		assertThat(figures.duplicates()).isZero();
	}

}
