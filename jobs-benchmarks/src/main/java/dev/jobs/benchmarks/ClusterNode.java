package dev.jobs.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.engine.LeaderConfig;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.StagerConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.FetchParams;

/**
 * One node of the {@code cluster} scenario, in a JVM of its own: a supervisor with one
 * queue of no-op jobs on the scenario's schema, started at once, its counts reset when it
 * reads {@code reset} and stopped when its standard input closes. It then prints its
 * claims on one line for the parent to read.
 */
public final class ClusterNode {

	private ClusterNode() {
	}

	/**
	 * Run a node.
	 * @param args the JDBC URL, the schema, the queue's concurrency, the node's name and,
	 * optionally, the leader lease's and the stager's periods in milliseconds
	 * @throws Exception if the node cannot run
	 */
	public static void main(String[] args) throws Exception {
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(args[0]);
		config.setMaximumPoolSize(8);
		config.setPoolName("cluster-" + args[3]);
		AtomicLong claims = new AtomicLong();
		AtomicLong emptyClaims = new AtomicLong();
		AtomicLong claimed = new AtomicLong();
		try (HikariDataSource dataSource = new HikariDataSource(config);
				JdbcJobStore store = JdbcJobStore.builder(dataSource).schema(args[1]).migrate(false).build()) {
			DelegatingJobStore counted = new DelegatingJobStore(store) {

				@Override
				public List<Job> fetch(FetchParams params) {
					List<Job> jobs = super.fetch(params);
					claims.incrementAndGet();
					claimed.addAndGet(jobs.size());
					if (jobs.isEmpty()) {
						emptyClaims.incrementAndGet();
					}
					return jobs;
				}

			};
			Supervisor supervisor = Supervisor.builder(counted)
				.handlers(new HandlerRegistry().register(Probe.KIND, Probe.class, (probe, context) -> {
				}))
				.queue(new QueueConfig(Probe.QUEUE, Integer.parseInt(args[2]), QueueConfig.DEFAULT_FETCH_LIMIT,
						QueueConfig.DEFAULT_POLL_INTERVAL))
				.nodeId(args[3])
				.leader((args.length > 4) ? new LeaderConfig(Duration.ofMillis(Long.parseLong(args[4])))
						: LeaderConfig.DEFAULT)
				.stager((args.length > 5)
						? new StagerConfig(Duration.ofMillis(Long.parseLong(args[5])), StagerConfig.DEFAULT_BATCH_SIZE)
						: StagerConfig.DEFAULT)
				.build();
			supervisor.start();
			System.out.println("started");
			System.out.flush();
			try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
				// The parent sends "reset" after the warm-up, and closes the stream when
				// the backlog is done.
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					if (line.equals("reset")) {
						claims.set(0);
						emptyClaims.set(0);
						claimed.set(0);
					}
				}
			}
			supervisor.stop();
		}
		System.out.println("claims=" + claims.get() + " empty=" + emptyClaims.get() + " jobs=" + claimed.get());
	}

}
