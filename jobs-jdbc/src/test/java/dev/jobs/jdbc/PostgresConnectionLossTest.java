package dev.jobs.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.HandlerRegistry;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server ends every connection of a running node, again and again (as
 * {@code pg_terminate_backend}, a failover or a proxy restart would): the node recovers
 * by itself, and every job is still run and completed.
 */
class PostgresConnectionLossTest {

	private static final int JOBS = 3_000;

	private static final int KILLS = 5;

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	@Test
	void aNodeWhoseConnectionsAreKilledMidRunRecoversAndLosesNoJob() {
		String node = "jobs-killed-" + database.schema();
		JdbcJobStore store = JdbcJobStore.builder(database.newDataSource(6, node)).build();
		JdbcJobStore observer = JdbcJobStore.builder(database.dataSource()).migrate(false).build();
		Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
		HandlerRegistry handlers = new HandlerRegistry().register("count", Integer.class,
				(n, context) -> runs.computeIfAbsent(n, (key) -> new AtomicInteger()).incrementAndGet());
		Supervisor supervisor = Supervisor.builder(store)
			.nodeId(node)
			.handlers(handlers)
			.queue(new QueueConfig("default", 8, 8, Duration.ofMillis(100)))
			.shutdownTimeout(Duration.ofSeconds(10))
			.build();
		supervisor.start();
		try {
			List<JobRequest> requests = new ArrayList<>();
			for (int n = 0; n < JOBS; n++) {
				requests.add(JobRequest.of("count", n));
			}
			Supervisor.builder(observer)
				.queue("unused", 1)
				.handlers(handlers)
				.build()
				.dispatcher()
				.enqueueAll(requests);

			for (int kill = 1; kill <= KILLS; kill++) {
				long target = (long) JOBS * kill / (KILLS + 1);
				await().atMost(Duration.ofMinutes(1)).until(() -> completed(observer) >= target);
				database.terminateConnections(node);
			}
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> completed(observer) == JOBS);
			assertThat(runs).hasSize(JOBS);
			QueueStats stats = observer.stats(new StatsParams(Instant.EPOCH)).get(0);
			assertThat(stats.count(JobState.COMPLETED)).isEqualTo(JOBS);
			assertThat(supervisor.isRunning()).isTrue();
			PostgresNotifier notifier = (PostgresNotifier) store.notifier().orElseThrow();
			await().atMost(Duration.ofSeconds(40)).until(notifier::isListening);
		}
		finally {
			supervisor.stop();
			store.close();
		}
	}

	private static long completed(JdbcJobStore store) {
		return store.stats(new StatsParams(Instant.EPOCH))
			.stream()
			.mapToLong((stats) -> stats.count(JobState.COMPLETED))
			.sum();
	}

}
