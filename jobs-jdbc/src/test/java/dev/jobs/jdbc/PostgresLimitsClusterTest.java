package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.jobs.HandlerRegistry;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.limit.JobLimit;
import dev.jobs.store.StatsParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Limits across three nodes on one PostgreSQL database: every execution records its key,
 * start and end in a table, and the intervals show that no instant had more jobs of a
 * key, or of the kind, than the limits allow.
 */
class PostgresLimitsClusterTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static final int JOBS = 2_000;

	private static final int KEYS = 20;

	private static final int PER_KEY = 2;

	private static final int PER_KIND = 10;

	private final List<Supervisor> supervisors = new ArrayList<>();

	private final List<JdbcJobStore> stores = new ArrayList<>();

	@AfterEach
	void stopNodes() {
		this.supervisors.forEach((supervisor) -> supervisor.stop(Duration.ofSeconds(10)));
		this.stores.forEach(JdbcJobStore::close);
	}

	@Test
	void threeNodesNeverRunMoreThanTheLimitsAllowAndRunEveryJob() throws Exception {
		DataSource recorder = database.newDataSource(8);
		execute(recorder, "CREATE TABLE limit_runs (job_id bigint NOT NULL, limit_key text NOT NULL, "
				+ "started_ns bigint NOT NULL, ended_ns bigint NOT NULL)");
		HandlerRegistry handlers = new HandlerRegistry().register("sync", String.class, (key, context) -> {
			long started = System.nanoTime();
			// The work: long enough that jobs overlap when limits allow it.
			Thread.sleep(2);
			long ended = System.nanoTime();
			try (Connection connection = recorder.getConnection();
					PreparedStatement insert = connection
						.prepareStatement("INSERT INTO limit_runs VALUES (?, ?, ?, ?)")) {
				insert.setLong(1, context.job().id());
				insert.setString(2, key);
				insert.setLong(3, started);
				insert.setLong(4, ended);
				insert.executeUpdate();
			}
		});
		for (int i = 0; i < 3; i++) {
			JdbcJobStore store = JdbcJobStore.builder(database.newDataSource(5)).build();
			this.stores.add(store);
			Supervisor supervisor = Supervisor.builder(store)
				.nodeId("node-" + i)
				.handlers(handlers)
				.queue(new QueueConfig("default", 8, 8, Duration.ofSeconds(1)))
				.limit(JobLimit.of("sync").concurrency(PER_KIND).concurrencyPerKey(PER_KEY))
				.shutdownTimeout(Duration.ofSeconds(10))
				.build();
			this.supervisors.add(supervisor);
			supervisor.start();
		}
		List<JobRequest> requests = new ArrayList<>();
		for (int n = 0; n < JOBS; n++) {
			String key = "customer:" + (n % KEYS);
			requests.add(JobRequest.of("sync", key).limitKey(key));
		}
		this.supervisors.get(0).dispatcher().enqueueAll(requests);

		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.stores.get(0)
				.stats(new StatsParams(Instant.EPOCH))
				.stream()
				.mapToLong((stats) -> stats.count(JobState.COMPLETED))
				.sum() == JOBS);

		List<long[]> runs = new ArrayList<>();
		Map<Long, String> keys = new HashMap<>();
		try (Connection connection = recorder.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT job_id, limit_key, started_ns, ended_ns FROM limit_runs")) {
			while (rows.next()) {
				runs.add(new long[] { rows.getLong(1), rows.getLong(3), rows.getLong(4) });
				keys.put(rows.getLong(1), rows.getString(2));
			}
		}
		assertThat(runs).as("executions").hasSize(JOBS);
		assertThat(keys).as("distinct jobs run").hasSize(JOBS);
		assertThat(mostAtOnce(runs)).as("most jobs of the kind at once").isBetween(1, PER_KIND);
		for (int k = 0; k < KEYS; k++) {
			String key = "customer:" + k;
			List<long[]> ofKey = runs.stream().filter((run) -> key.equals(keys.get(run[0]))).toList();
			assertThat(ofKey).as("runs of %s", key).hasSize(JOBS / KEYS);
			assertThat(mostAtOnce(ofKey)).as("most jobs of %s at once", key).isBetween(1, PER_KEY);
		}
	}

	/**
	 * The most intervals that overlap at any instant; one that ends when another starts
	 * does not overlap it.
	 */
	static int mostAtOnce(List<long[]> runs) {
		List<long[]> events = new ArrayList<>();
		for (long[] run : runs) {
			events.add(new long[] { run[1], 1 });
			events.add(new long[] { run[2], -1 });
		}
		events.sort((a, b) -> (a[0] != b[0]) ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
		int running = 0;
		int most = 0;
		for (long[] event : events) {
			running += (int) event[1];
			most = Math.max(most, running);
		}
		return most;
	}

	private static void execute(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
