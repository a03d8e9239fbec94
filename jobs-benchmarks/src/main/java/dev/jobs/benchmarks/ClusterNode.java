package dev.jobs.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
import dev.jobs.store.Completion;
import dev.jobs.store.ElectParams;
import dev.jobs.store.FetchParams;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;

/**
 * One node of the {@code cluster} scenario, in a JVM of its own: a supervisor with one
 * queue of no-op jobs on the scenario's schema, started at once, its counts reset when it
 * reads {@code reset} and stopped when its standard input closes. It then prints its
 * claims on one line for the parent to read.
 */
public final class ClusterNode {

	/** The PostgreSQL application name of the nodes' connections. */
	static final String APPLICATION_NAME = "jobs-cluster-node";

	/** The longest wait for the JIT compilers to go idle. */
	static final Duration SETTLE_PATIENCE = Duration.ofSeconds(30);

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
		// Named, so that the parent can find this node's server processes.
		// More URL parameters only to look into the server (auto_explain, say).
		config.setJdbcUrl(args[0] + (args[0].contains("?") ? "&" : "?") + "ApplicationName=" + APPLICATION_NAME
				+ System.getProperty("jobs.bench.cluster.url-parameters", ""));
		// A node uses about three at once (its claim, its outcome write, one of its
		// tickers); eight nodes of eight left too few of the server's 100 connections for
		// the other users of this machine's PostgreSQL.
		config.setMaximumPoolSize(4);
		config.setPoolName("cluster-" + args[3]);
		AtomicLong claims = new AtomicLong();
		AtomicLong emptyClaims = new AtomicLong();
		AtomicLong claimed = new AtomicLong();
		AtomicLong shortClaims = new AtomicLong();
		AtomicLong claimNanos = new AtomicLong();
		AtomicLong writes = new AtomicLong();
		AtomicLong outcomes = new AtomicLong();
		AtomicLong otherCalls = new AtomicLong();
		try (HikariDataSource dataSource = new HikariDataSource(config);
				JdbcJobStore store = JdbcJobStore.builder(dataSource).schema(args[1]).migrate(false).build()) {
			DelegatingJobStore counted = new DelegatingJobStore(store) {

				@Override
				public List<Job> fetch(FetchParams params) {
					long started = System.nanoTime();
					List<Job> jobs = super.fetch(params);
					claimNanos.addAndGet(System.nanoTime() - started);
					claims.incrementAndGet();
					claimed.addAndGet(jobs.size());
					if (jobs.isEmpty()) {
						emptyClaims.incrementAndGet();
					}
					else if (jobs.size() < params.limit()) {
						shortClaims.incrementAndGet();
					}
					return jobs;
				}

				@Override
				public int complete(List<Completion> completions) {
					int written = super.complete(completions);
					// Counted once written: the parent ends the drain on this count.
					writes.incrementAndGet();
					outcomes.addAndGet(completions.size());
					return written;
				}

				@Override
				public void heartbeat(String nodeId, Instant now) {
					otherCalls.incrementAndGet();
					super.heartbeat(nodeId, now);
				}

				@Override
				public boolean elect(ElectParams params) {
					otherCalls.incrementAndGet();
					return super.elect(params);
				}

				@Override
				public StageResult stage(StageParams params) {
					otherCalls.incrementAndGet();
					return super.stage(params);
				}

			};
			Supervisor supervisor = Supervisor.builder(counted)
				.handlers(new HandlerRegistry().register(Probe.KIND, Probe.class, (probe, context) -> {
				}))
				// Another fetch limit only to measure what bigger claims do with many
				// nodes.
				.queue(new QueueConfig(Probe.QUEUE, Integer.parseInt(args[2]),
						Integer.getInteger("jobs.bench.cluster.fetch-limit", QueueConfig.DEFAULT_FETCH_LIMIT),
						QueueConfig.DEFAULT_POLL_INTERVAL))
				.nodeId(args[3])
				// Off only to measure what claiming ahead does with many nodes.
				.claimAhead(Boolean.parseBoolean(System.getProperty("jobs.bench.cluster.claim-ahead", "true")))
				.leader((args.length > 4) ? new LeaderConfig(Duration.ofMillis(Long.parseLong(args[4])))
						: LeaderConfig.DEFAULT)
				.stager((args.length > 5)
						? new StagerConfig(Duration.ofMillis(Long.parseLong(args[5])), StagerConfig.DEFAULT_BATCH_SIZE)
						: StagerConfig.DEFAULT)
				.build();
			supervisor.start();
			System.out.println("started");
			System.out.flush();
			Map<String, long[]> cpuStart = Map.of();
			Map<String, long[]> lastAsked = Map.of();
			long processAsked = 0;
			long processStart = 0;
			String cpu = "cpu none";
			try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
				// The parent sends "reset" after the warm-up, "start" and "stop" around
				// the measured drain, and closes the stream when the backlog is done.
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					if (line.equals("reset") || line.equals("start")) {
						// Counted from the measured drain's start: claims while its
						// backlog
						// is inserted into the paused queue come back empty.
						List.of(claims, emptyClaims, claimed, shortClaims, claimNanos, writes, outcomes, otherCalls)
							.forEach((count) -> count.set(0));
					}
					if (line.equals("start")) {
						cpuStart = ThreadCpu.snapshot();
						processStart = ThreadCpu.processMillis();
					}
					else if (line.equals("cpu")) {
						// The compilers' and the whole process's CPU since the last ask.
						Map<String, long[]> now = ThreadCpu.snapshot();
						Map<String, Long> used = ThreadCpu.millis(lastAsked, now);
						long process = ThreadCpu.processMillis();
						System.out
							.println("cpu jit=" + used.getOrDefault("jit", 0L) + " total=" + (process - processAsked));
						System.out.flush();
						lastAsked = now;
						processAsked = process;
					}
					else if (line.equals("outcomes")) {
						// Asked while the parent waits for a drain's end: a count the
						// database would have to scan the table for, while it drains.
						System.out.println("outcomes " + outcomes.get());
						System.out.flush();
					}
					else if (line.equals("settle")) {
						System.out.println("settled " + ThreadCpu.awaitCompilersIdle(SETTLE_PATIENCE));
						System.out.flush();
					}
					else if (line.equals("stop")) {
						Map<String, Long> used = ThreadCpu.millis(cpuStart, ThreadCpu.snapshot());
						used.put("total", ThreadCpu.processMillis() - processStart);
						cpu = "cpu " + used.entrySet()
							.stream()
							.map((entry) -> entry.getKey() + "=" + entry.getValue())
							.collect(Collectors.joining(" "));
					}
				}
			}
			supervisor.stop();
			System.out.println("claims=" + claims.get() + " empty=" + emptyClaims.get() + " jobs=" + claimed.get()
					+ " short=" + shortClaims.get() + " claimMillis=" + claimNanos.get() / 1_000_000 + " writes="
					+ writes.get() + " outcomes=" + outcomes.get() + " other=" + otherCalls.get());
			System.out.println(cpu);
		}
	}

}
