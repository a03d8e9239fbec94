package dev.jobs.reliability;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away under a running node: PostgreSQL restarted, and a storm of
 * {@code pg_terminate_backend} on the node's connections. The node recovers by itself and
 * every job completes.
 */
class DatabaseFaultTest extends ReliabilityScenario {

	private static final int JOBS = 5_000;

	private static final int STORM_VOLLEYS = 20;

	private static final long STORM_PAUSE_MILLIS = 250;

	@Test
	void everyJobCompletesThroughAStormOfTerminatedConnections() throws Exception {
		this.database.enqueueRecordJobs(JOBS);
		int terminated = 0;
		try (InProcessNode node = new InProcessNode(this.database, "stormed", 16, 1)) {
			await().atMost(Duration.ofMinutes(1)).until(() -> this.database.executions() >= JOBS / 10);
			long started = System.nanoTime();
			for (int volley = 0; volley < STORM_VOLLEYS; volley++) {
				terminated += (int) this.database
					.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = "
							+ "'stormed' AND pid <> pg_backend_pid()");
				pause(STORM_PAUSE_MILLIS);
			}
			long stormEnded = System.nanoTime();

			awaitAllCompleted();
			Duration recovery = Duration.ofNanos(System.nanoTime() - stormEnded);
			ReliabilityDatabase.Figures figures = this.database.figures();
			System.out
				.println(figures.describe(
						"pg_terminate_backend storm (" + terminated + " connections in " + STORM_VOLLEYS
								+ " volleys over " + TimeUnit.NANOSECONDS.toMillis(stormEnded - started) + "ms)",
						recovery));
			assertThat(terminated).isPositive();
			assertThat(figures.lost()).isZero();
			assertThat(figures.stuck()).isZero();
			assertThat(figures.neverRun()).isZero();
		}
	}

	@Test
	void everyJobCompletesAfterPostgresRestarts() throws Exception {
		String cluster = restartableCluster();
		this.database.enqueueRecordJobs(JOBS);
		try (InProcessNode node = new InProcessNode(this.database, "restarted", 16, 1)) {
			await().atMost(Duration.ofMinutes(1)).until(() -> this.database.executions() >= JOBS / 5);

			run("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart");
			long restarted = System.nanoTime();

			awaitAllCompleted();
			Duration recovery = Duration.ofNanos(System.nanoTime() - restarted);
			ReliabilityDatabase.Figures figures = this.database.figures();
			System.out.println(figures.describe("PostgreSQL restart", recovery));
			assertThat(figures.lost()).isZero();
			assertThat(figures.stuck()).isZero();
			assertThat(figures.neverRun()).isZero();
		}
	}

	private void awaitAllCompleted() {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> this.database.count("SELECT count(*) FROM jobs WHERE state = 2") == JOBS);
	}

	/**
	 * The version of the machine's own PostgreSQL cluster, when this test may restart it:
	 * the server is local, {@code pg_ctlcluster} exists and we may run it.
	 */
	private String restartableCluster() {
		String url = this.database.serverUrl();
		File versions = new File("/etc/postgresql");
		String[] clusters = versions.list();
		boolean local = url.contains("//127.0.0.1") || url.contains("//localhost");
		boolean possible = local && clusters != null && clusters.length > 0
				&& new File("/usr/bin/pg_ctlcluster").canExecute() && "root".equals(System.getProperty("user.name"));
		Assumptions.assumeTrue(possible, () -> {
			String message = "SKIPPING the PostgreSQL restart scenario: it needs the machine's own server on "
					+ "localhost, pg_ctlcluster and root (server " + url + ")";
			System.err.println("*** " + message);
			return message;
		});
		return clusters[0];
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
		assertThat(process.exitValue()).as("exit code of %s", String.join(" ", command)).isZero();
	}

	private static void pause(long millis) {
		try {
			// The storm's own pace between volleys, not a wait for work.
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
