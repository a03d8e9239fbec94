package dev.jobs.reliability;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.HandlerRegistry;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.limit.JobLimit;

/**
 * A worker node in a JVM of its own, so that tests can kill it for real. It runs the
 * {@code record} kind: each execution inserts a row into {@code executions} (the job's
 * id, this node, the attempt), then works for a few milliseconds. SIGTERM stops it
 * gracefully through a shutdown hook; SIGKILL stops it dead.
 * <p>
 * Arguments: server JDBC URL, schema, node id, concurrency, work milliseconds, and
 * optionally the per-key concurrency limit of the {@code record} kind.
 */
public final class WorkerMain {

	static final String READY = "WORKER READY";

	static final String STOPPED = "WORKER STOPPED";

	private WorkerMain() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String schema = args[1];
		String nodeId = args[2];
		int concurrency = Integer.parseInt(args[3]);
		long workMillis = Long.parseLong(args[4]);
		HikariDataSource dataSource = ReliabilityDatabase.pool(url, schema, concurrency + 4, nodeId);
		JdbcJobStore store = JdbcJobStore.builder(dataSource).migrate(false).build();
		HandlerRegistry handlers = new HandlerRegistry().register("record", Map.class,
				(jobArgs, context) -> record(dataSource, context.id(), nodeId, context.attempt(), workMillis));
		SupervisorBuilder builder = ReliabilityDatabase.fastSupervisor(store, handlers, nodeId)
			.queue(new QueueConfig("default", concurrency, concurrency, Duration.ofMillis(200)));
		if (args.length > 5) {
			builder.limit(JobLimit.of("record").concurrencyPerKey(Integer.parseInt(args[5])));
		}
		Supervisor supervisor = builder.build();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			supervisor.stop();
			store.close();
			dataSource.close();
			System.out.println(STOPPED);
			System.out.flush();
		}, "worker-shutdown"));
		supervisor.start();
		System.out.println(READY);
		System.out.flush();
		Thread.currentThread().join();
	}

	static void record(HikariDataSource dataSource, long jobId, String nodeId, int attempt, long workMillis)
			throws Exception {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO executions (job_id, node_id, attempt) VALUES (?, ?, ?)")) {
			insert.setLong(1, jobId);
			insert.setString(2, nodeId);
			insert.setInt(3, attempt);
			insert.executeUpdate();
		}
		// Simulated work, so that a kill finds jobs in flight.
		Thread.sleep(workMillis);
	}

}
