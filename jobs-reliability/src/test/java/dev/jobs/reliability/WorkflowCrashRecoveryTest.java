package dev.jobs.reliability;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.JobRequest;
import dev.jobs.JobsListener;
import dev.jobs.Workflow;
import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.JobClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker JVM killed with SIGKILL in the middle of workflows (fan-outs with a join)
 * while another node keeps working: every step completes, no step is left pending or
 * executing, and every join started only after every run of its workflow's other steps.
 */
class WorkflowCrashRecoveryTest extends ReliabilityScenario {

	private static final int WORKFLOWS = 300;

	private static final int FAN_OUT = 10;

	private static final int STEPS = WORKFLOWS * (FAN_OUT + 1);

	private static final int CONCURRENCY = 16;

	private static final long WORK_MILLIS = 2;

	@Test
	void everyWorkflowCompletesAfterAWorkerIsKilled() throws Exception {
		// When each execution started, by the database's clock: a job's attempted_at is
		// the claimer's time before its claim ran, so it can precede a release.
		this.database.execute(
				"ALTER TABLE executions ADD COLUMN started_at timestamptz NOT NULL " + "DEFAULT clock_timestamp()");
		JobClient client = new JobClient(this.database.store(), new HandlerRegistry(), new JacksonArgsCodec(),
				ClientConfig.DEFAULT, Clock.systemUTC(), JobsListener.NONE);
		for (int w = 0; w < WORKFLOWS; w++) {
			Workflow.Builder workflow = Workflow.builder();
			for (int i = 0; i < FAN_OUT; i++) {
				workflow.step("part-" + i, JobRequest.of("record", Map.of("w", w, "i", i)));
			}
			client.enqueue(workflow.stepAfterAll("join", JobRequest.of("record", Map.of("w", w))).build());
		}
		try (WorkerProcess survivor = WorkerProcess.start(this.database, "survivor", CONCURRENCY, WORK_MILLIS);
				WorkerProcess victim = WorkerProcess.start(this.database, "victim", CONCURRENCY, WORK_MILLIS)) {
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> this.database.executions() >= STEPS / 3);
			victim.kill();
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> this.database.count("SELECT count(*) FROM jobs WHERE state = 2") == STEPS);

			ReliabilityDatabase.Figures figures = this.database.figures();
			assertThat(figures.jobs()).isEqualTo(STEPS);
			assertThat(figures.lost()).isZero();
			assertThat(figures.stuck()).isZero();
			assertThat(figures.neverRun()).isZero();
			assertThat(figures.duplicatedButNotRescued()).as("steps that ran twice without being in flight at a kill")
				.isZero();
			assertThat(this.database.count("SELECT count(*) FROM jobs WHERE state = 7")).isZero();
			assertThat(this.database.count("SELECT count(*) FROM jobs j WHERE j.step = 'join' AND "
					+ "(SELECT min(e.started_at) FROM executions e WHERE e.job_id = j.id) < (SELECT max(e.started_at) "
					+ "FROM executions e JOIN jobs p ON p.id = e.job_id WHERE p.workflow_id = j.workflow_id "
					+ "AND p.id <> j.id)"))
				.as("joins that started before the rest of their workflow finished")
				.isZero();
		}
	}

}
