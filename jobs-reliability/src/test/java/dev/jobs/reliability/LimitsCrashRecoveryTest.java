package dev.jobs.reliability;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker JVM killed with SIGKILL while it holds every per-key slot: its executing jobs
 * hold their keys until the leader rescues them from the dead node, then the slots come
 * back and the survivor runs every job, one per key at a time.
 */
class LimitsCrashRecoveryTest extends ReliabilityScenario {

	private static final int JOBS = 40;

	private static final int KEYS = 4;

	private static final int CONCURRENCY = 8;

	private static final long WORK_MILLIS = 500;

	@Test
	void theSlotsOfAKilledNodeComeBackAfterRescueAndEveryJobCompletes() throws Exception {
		this.database.enqueueKeyedRecordJobs(JOBS, KEYS);
		try (WorkerProcess victim = WorkerProcess.startLimited(this.database, "victim", CONCURRENCY, WORK_MILLIS, 1)) {
			// Every key's slot is held by the victim: one executing job per key, each
			// working for longer than the kill takes.
			await().atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.database.count(
						"SELECT count(DISTINCT limit_key) FROM jobs WHERE state = 1 AND attempted_by = 'victim'") == KEYS);
			victim.kill();
			long killedAt = System.nanoTime();
			try (WorkerProcess survivor = WorkerProcess.startLimited(this.database, "survivor", CONCURRENCY,
					WORK_MILLIS, 1)) {
				await().atMost(Duration.ofMinutes(3))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> this.database.count("SELECT count(*) FROM jobs WHERE state = 2") == JOBS);
				Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);

				ReliabilityDatabase.Figures figures = this.database.figures();
				System.out.println(figures.describe("limits crash (SIGKILL holding every key)", recovery));
				assertThat(figures.jobs()).isEqualTo(JOBS);
				assertThat(figures.lost()).isZero();
				assertThat(figures.stuck()).isZero();
				assertThat(figures.neverRun()).isZero();
				assertThat(figures.duplicatedButNotRescued()).isZero();
				// The victim held the slots of its executing jobs; they came back through
				// rescue, and no key ever had two executing jobs.
				assertThat(figures.rescued()).isPositive().isLessThanOrEqualTo(KEYS);
				assertThat(this.database.count("SELECT count(*) FROM jobs WHERE attempted_by = 'survivor'"))
					.isGreaterThanOrEqualTo(
							JOBS - this.database.count("SELECT count(*) FROM executions WHERE node_id = 'victim'"));
			}
		}
	}

}
