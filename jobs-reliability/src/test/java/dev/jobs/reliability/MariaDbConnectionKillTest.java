package dev.jobs.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.JobRequest;
import dev.jobs.JobsListener;
import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.JobClient;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.jdbc.MariaDbTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A storm of {@code KILL CONNECTION} on a running node's MariaDB connections: the node
 * recovers by itself, and every job completes, none left executing or never run.
 */
class MariaDbConnectionKillTest {

	private static final int JOBS = 5_000;

	private static final int STORM_VOLLEYS = 20;

	private static final long STORM_PAUSE_MILLIS = 250;

	@RegisterExtension
	final MariaDbTestDatabase database = MariaDbTestDatabase.perTest();

	@Test
	void everyJobCompletesThroughAStormOfKilledConnections() throws Exception {
		JdbcJobStore setup = JdbcJobStore.builder(this.database.dataSource()).build();
		observe("CREATE TABLE " + table("executions") + " (job_id BIGINT NOT NULL, node_id VARCHAR(100) NOT NULL, "
				+ "attempt INT NOT NULL)");
		enqueue(setup);
		int killed = 0;
		try (HikariDataSource pool = this.database.newDataSource(20)) {
			JdbcJobStore store = JdbcJobStore.builder(pool).migrate(false).build();
			HandlerRegistry handlers = new HandlerRegistry().register("record", Map.class,
					(args, context) -> WorkerMain.record(pool, context.id(), "stormed", context.attempt(), 1));
			Supervisor node = ReliabilityDatabase.fastSupervisor(store, handlers, "stormed")
				.queue(new QueueConfig("default", 16, 16, Duration.ofMillis(200)))
				.build();
			node.start();
			try {
				await().atMost(Duration.ofMinutes(1)).until(() -> count("executions", "TRUE") >= JOBS / 10);
				long started = System.nanoTime();
				for (int volley = 0; volley < STORM_VOLLEYS; volley++) {
					killed += killConnections();
					pause(STORM_PAUSE_MILLIS);
				}
				long stormEnded = System.nanoTime();
				await().atMost(Duration.ofMinutes(3))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> count("jobs", "state = 2") == JOBS);
				long recovery = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stormEnded);
				long stuck = count("jobs", "state = 1");
				long neverRun = count("jobs", "id NOT IN (SELECT job_id FROM " + table("executions") + ")");
				long duplicates = count("executions", "TRUE") - JOBS;
				System.out.printf(
						"KILL CONNECTION storm (%d connections in %d volleys over %dms): jobs=%d "
								+ "completed=%d stuck=%d never run=%d extra executions=%d recovery=%dms%n",
						killed, STORM_VOLLEYS, TimeUnit.NANOSECONDS.toMillis(stormEnded - started), JOBS,
						count("jobs", "state = 2"), stuck, neverRun, duplicates, recovery);
				assertThat(killed).isPositive();
				assertThat(stuck).isZero();
				assertThat(neverRun).isZero();
			}
			finally {
				node.stop();
				store.close();
			}
		}
		finally {
			setup.close();
		}
	}

	private void enqueue(JdbcJobStore store) {
		JobClient client = new JobClient(store, new HandlerRegistry(), new JacksonArgsCodec(), ClientConfig.DEFAULT,
				Clock.systemUTC(), JobsListener.NONE);
		List<JobRequest> batch = new ArrayList<>();
		for (int n = 0; n < JOBS; n++) {
			batch.add(JobRequest.of("record", Map.of("n", n)));
			if (batch.size() == 1_000) {
				client.enqueueAll(batch);
				batch.clear();
			}
		}
	}

	/**
	 * Kill every connection working in the test's database, as an administrator or a
	 * failover would, from a connection that works in another.
	 * @return how many were killed
	 */
	private int killConnections() throws SQLException {
		int killed = 0;
		try (Connection connection = DriverManager.getConnection(this.database.serverJdbcUrl());
				PreparedStatement select = connection.prepareStatement(
						"SELECT id FROM information_schema.processlist WHERE db = ? AND id <> connection_id()")) {
			select.setString(1, this.database.schema());
			List<Long> ids = new ArrayList<>();
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					ids.add(rows.getLong(1));
				}
			}
			try (Statement kill = connection.createStatement()) {
				for (long id : ids) {
					try {
						kill.execute("KILL CONNECTION " + id);
						killed++;
					}
					catch (SQLException ex) {
						// Gone by itself meanwhile (error 1094, unknown thread id).
						if (ex.getErrorCode() != 1094) {
							throw ex;
						}
					}
				}
			}
		}
		return killed;
	}

	private long count(String table, String where) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.database.serverJdbcUrl());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table(table) + " WHERE " + where)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private void observe(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.database.serverJdbcUrl());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private String table(String name) {
		return this.database.schema() + "." + name;
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
