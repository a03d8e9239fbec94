package dev.jobs.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import dev.jobs.engine.LeaderConfig;
import dev.jobs.engine.StagerConfig;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;

/**
 * Many nodes on one database: 1, 2, 4 and 8 supervisors, each in a JVM of its own
 * ({@link ClusterNode}), all started and warmed up on a first backlog before the measured
 * one is inserted, drain it together. Reports the aggregate jobs/s (from the first claim
 * to the last finished job, as the database recorded them), jobs per claim, empty claims,
 * the share of the jobs each node ran, and whether every job ran exactly once. Then the
 * leader's failover: three nodes, the leader killed with SIGKILL, and the time until
 * another node, elected in its place, stages a job that fell due just after the kill;
 * with the default settings and with a fast profile. PostgreSQL only; runs only when
 * named.
 */
final class ClusterBenchmark {

	static final String NAME = "cluster";

	static final int[] NODES = { 1, 2, 4, 8 };

	static final int CONCURRENCY = 32;

	static final int WARM_UP_PER_NODE = 5_000;

	static final String NODE_NAME = "cluster-node-";

	static final int FAILOVER_NODES = 3;

	static final int FAILOVER_TRIALS = 3;

	static final List<Profile> PROFILES = List.of(
			new Profile("defaults", LeaderConfig.DEFAULT_TTL, StagerConfig.DEFAULT_INTERVAL),
			new Profile("fast profile", Duration.ofSeconds(2), Duration.ofMillis(250)));

	private static final Pattern COUNTS = Pattern.compile("claims=(\\d+) empty=(\\d+) jobs=(\\d+)");

	private final Options options;

	ClusterBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		JdbcTables tables = target.jdbc().orElse(null);
		if (tables == null || !tables.postgres()) {
			return;
		}
		int jobs = this.options.jobs();
		for (int nodes : NODES) {
			target.reset();
			List<Process> processes = new ArrayList<>();
			try {
				// Every node runs before the backlog arrives, so that none starts late
				// and
				// finds the work gone: they find it at their next poll.
				for (int i = 0; i < nodes; i++) {
					processes.add(start(tables, i, null));
				}
				// A cluster's nodes are long-lived JVMs: warm each up on a backlog of its
				// own before the measured one, or 8 JIT compilers share 2 cores with it.
				int warmUp = WARM_UP_PER_NODE * nodes;
				Engine.fill(target.store(), warmUp);
				awaitDone(tables, warmUp, Duration.ofSeconds(120).plusMillis(warmUp * 5L));
				tables.deleteJobs();
				for (Process process : processes) {
					process.getOutputStream().write("reset\n".getBytes(StandardCharsets.UTF_8));
					process.getOutputStream().flush();
				}
				// The whole backlog first, as the in-process drain has it: nodes that
				// claim
				// while it is inserted drain at the insert's pace, and wait for their
				// poll
				// between its batches. Resuming the queue notifies every node.
				target.store().setPaused(Probe.QUEUE, true);
				Engine.fill(target.store(), jobs);
				tables.analyze();
				target.store().setPaused(Probe.QUEUE, false);
				awaitDone(tables, jobs, Duration.ofSeconds(120).plusMillis(jobs * 5L));
				long claims = 0;
				long empty = 0;
				long least = Long.MAX_VALUE;
				long most = 0;
				for (Process process : processes) {
					process.getOutputStream().close();
					long[] counts = counts(process);
					claims += counts[0];
					empty += counts[1];
					least = Math.min(least, counts[2]);
					most = Math.max(most, counts[2]);
				}
				Figures figures = figures(tables);
				String note = String.format(Locale.ROOT,
						"%d jobs; %.1f jobs per claim, %d empty claims; each node ran %d to %d jobs; %s", jobs,
						(claims > empty) ? (double) figures.completed() / (claims - empty) : 0, empty, least, most,
						(figures.completed() == jobs && figures.rerun() == 0) ? "every job ran once"
								: figures.completed() + " completed, " + figures.rerun() + " ran more than once");
				report.add(Result
					.of(NAME, target.name(), nodes + ((nodes == 1) ? " node" : " nodes"), "jobs/s", figures.rate())
					.note(note));
			}
			finally {
				processes.forEach(Process::destroyForcibly);
			}
		}
		for (Profile profile : PROFILES) {
			failover(target, tables, report, profile);
		}
	}

	private void failover(Target target, JdbcTables tables, Report report, Profile profile) throws Exception {
		List<Double> seconds = new ArrayList<>();
		for (int trial = 0; trial < FAILOVER_TRIALS; trial++) {
			target.reset();
			List<Process> processes = new ArrayList<>();
			try {
				for (int i = 0; i < FAILOVER_NODES; i++) {
					processes.add(start(tables, i, profile));
				}
				Process leader = processes.get(awaitLeader(tables));
				leader.destroyForcibly();
				long killed = System.nanoTime();
				leader.waitFor();
				Instant now = Instant.now();
				JobInsert due = new JobInsert(Probe.QUEUE, Probe.KIND, Probe.UNTIMED_JSON, 0, 1, now.plusMillis(1),
						null, UniqueStrategy.IGNORE, null);
				long id = target.store().insert(new InsertParams(List.of(due), now)).get(0).id();
				awaitStaged(target.store(), id);
				seconds.add((System.nanoTime() - killed) / 1e9);
			}
			finally {
				processes.forEach(Process::destroyForcibly);
			}
		}
		List<Double> sorted = seconds.stream().sorted().toList();
		report.add(Result
			.of(NAME, target.name(), "leader SIGKILL to a due job staged, " + profile.name(), "seconds p50",
					sorted.get(sorted.size() / 2))
			.note(String.format(Locale.ROOT, "%d nodes, %d trials: %s s; leader ttl %d ms, stager interval %d ms",
					FAILOVER_NODES, FAILOVER_TRIALS,
					seconds.stream().map((s) -> String.format(Locale.ROOT, "%.2f", s)).toList(),
					profile.leaderTtl().toMillis(), profile.stagerInterval().toMillis())));
	}

	/**
	 * Wait for a leader to be elected.
	 * @return the index of the node that leads
	 */
	private static int awaitLeader(JdbcTables tables) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		String sql = "SELECT node_id FROM " + tables.table("leader") + " WHERE expires_at > now()";
		while (System.nanoTime() < deadline) {
			try (Connection connection = tables.dataSource().getConnection();
					Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery(sql)) {
				if (rows.next()) {
					return Integer.parseInt(rows.getString(1).substring(NODE_NAME.length()));
				}
			}
			TimeUnit.MILLISECONDS.sleep(10);
		}
		throw new IllegalStateException("No cluster node was elected leader within 60 s");
	}

	private static void awaitStaged(JobStore store, long id) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (store.find(id).orElseThrow().state() == JobState.SCHEDULED) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("No new leader staged job " + id + " within 120 s of the kill");
			}
			TimeUnit.MILLISECONDS.sleep(5);
		}
	}

	/**
	 * Start a node.
	 * @param profile the leader's and stager's settings, or {@code null} for the defaults
	 */
	private static Process start(JdbcTables tables, int index, @Nullable Profile profile) throws Exception {
		Path jar = Path.of(ClusterNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(
				List.of(java.toString(), "-cp", jar.toString(), ClusterNode.class.getName(), tables.postgresUrl(),
						tables.schema(), Integer.toString(CONCURRENCY), NODE_NAME + index));
		if (profile != null) {
			command.add(Long.toString(profile.leaderTtl().toMillis()));
			command.add(Long.toString(profile.stagerInterval().toMillis()));
		}
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String first = out.readLine();
		if (!"started".equals(first)) {
			throw new IllegalStateException("Cluster node " + index + " did not start: " + first);
		}
		return process;
	}

	private static long[] counts(Process process) throws Exception {
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("A cluster node did not stop within 60 s");
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		Matcher matcher = COUNTS.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("A cluster node printed no counts: " + output);
		}
		return new long[] { Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
				Long.parseLong(matcher.group(3)) };
	}

	private static void awaitDone(JdbcTables tables, int jobs, Duration patience) throws Exception {
		long deadline = System.nanoTime() + patience.toNanos();
		while (figures(tables).completed() < jobs) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The cluster did not complete " + jobs + " jobs within " + patience);
			}
			TimeUnit.MILLISECONDS.sleep(100);
		}
	}

	private static Figures figures(JdbcTables tables) throws SQLException {
		try (Connection connection = tables.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FILTER (WHERE state = "
						+ JobState.COMPLETED.code() + "), count(*) FILTER (WHERE attempt > 1), "
						+ "EXTRACT(EPOCH FROM max(finished_at) - min(attempted_at)) FROM " + tables.jobs())) {
			rows.next();
			long completed = rows.getLong(1);
			double seconds = rows.getDouble(3);
			return new Figures(completed, rows.getLong(2), (seconds > 0) ? completed / seconds : 0);
		}
	}

	private record Figures(long completed, long rerun, double rate) {
	}

	record Profile(String name, Duration leaderTtl, Duration stagerInterval) {
	}

}
