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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
 * ({@link ClusterNode}), all started and warmed up on backlogs until their compilers
 * quiet down before the measured one is inserted, drain it together. Reports the
 * aggregate jobs/s (from the first claim to the last finished job, as the database
 * recorded them), jobs per claim, empty claims, the share of the jobs each node ran, and
 * whether every job ran exactly once; on stderr, where the drain's CPU went (the nodes'
 * threads by group, the PostgreSQL processes serving them) and the jobs table's index
 * reads. Then the leader's failover: three nodes, the leader killed with SIGKILL, and the
 * time until another node, elected in its place, stages a job that fell due just after
 * the kill; with the default settings and with a fast profile. PostgreSQL only; runs only
 * when named.
 */
final class ClusterBenchmark {

	static final String NAME = "cluster";

	static final int[] NODES = { 1, 2, 4, 8 };

	static final int CONCURRENCY = 32;

	static final int WARM_UP_PER_NODE = 5_000;

	static final int WARM_UP_ROUNDS = 60;

	static final String NODE_NAME = "cluster-node-";

	static final int FAILOVER_NODES = 3;

	static final int FAILOVER_TRIALS = 3;

	/** Node counts to measure, comma-separated, {@link #NODES} unless set. */
	static final String NODES_PROPERTY = "jobs.bench.cluster.nodes";

	/** Options for the nodes' JVMs, space-separated ({@code %i}: the node's index). */
	static final String NODE_JVM_PROPERTY = "jobs.bench.cluster.node-jvm";

	/** Jobs per node of the warm-up, {@link #WARM_UP_PER_NODE} unless set. */
	static final String WARM_UP_PROPERTY = "jobs.bench.cluster.warm-up";

	/** Most warm-up rounds per node count, {@link #WARM_UP_ROUNDS} unless set. */
	static final String WARM_UP_ROUNDS_PROPERTY = "jobs.bench.cluster.warm-up-rounds";

	/** Set to {@code false} to measure the drains only, for a shorter run. */
	static final String FAILOVER_PROPERTY = "jobs.bench.cluster.failover";

	static final List<Profile> PROFILES = List.of(
			new Profile("defaults", LeaderConfig.DEFAULT_TTL, StagerConfig.DEFAULT_INTERVAL),
			new Profile("fast profile", Duration.ofSeconds(2), Duration.ofMillis(250)));

	private static final Pattern COUNTS = Pattern.compile(
			"claims=(\\d+) empty=(\\d+) jobs=(\\d+) short=(\\d+) claimMillis=(\\d+) writes=(\\d+) outcomes=(\\d+)");

	/** Each node's standard output, read line by line. */
	private static final Map<Process, BufferedReader> OUTPUTS = new java.util.IdentityHashMap<>();

	private static final Pattern CPU_SINCE = Pattern.compile("^cpu jit=(\\d+) total=(\\d+)");

	private static final Pattern CPU = Pattern.compile("(?m)^cpu(.*)$");

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
		for (int nodes : nodeCounts()) {
			target.reset();
			List<Process> processes = new ArrayList<>();
			try {
				// Every node runs before the backlog arrives, so that none starts late
				// and
				// finds the work gone: they find it at their next poll.
				for (int i = 0; i < nodes; i++) {
					processes.add(start(tables, i, null));
				}
				warmUp(target, tables, processes);
				// The whole backlog first, as the in-process drain has it: nodes that
				// claim
				// while it is inserted drain at the insert's pace, and wait for their
				// poll
				// between its batches. Resuming the queue notifies every node.
				target.store().setPaused(Probe.QUEUE, true);
				Engine.fill(target.store(), jobs);
				tables.analyze();
				// The server flushes its counters about once a second.
				TimeUnit.MILLISECONDS.sleep(1500);
				ServerCounters before = ServerCounters.read(tables);
				send(processes, "start");
				target.store().setPaused(Probe.QUEUE, false);
				awaitDone(processes, jobs, Duration.ofSeconds(120).plusMillis(jobs * 5L));
				send(processes, "stop");
				ServerCounters atStop = ServerCounters.read(tables);
				TimeUnit.MILLISECONDS.sleep(1500);
				ServerCounters used = atStop.minus(before).withStats(ServerCounters.read(tables), before);
				long claims = 0;
				long empty = 0;
				long shortClaims = 0;
				long claimMillis = 0;
				long writes = 0;
				long outcomes = 0;
				long least = Long.MAX_VALUE;
				long most = 0;
				Map<String, Long> nodeCpu = new TreeMap<>();
				for (Process process : processes) {
					process.getOutputStream().close();
					NodeCounts counts = counts(process);
					claims += counts.claims();
					empty += counts.empty();
					shortClaims += counts.shortClaims();
					claimMillis += counts.claimMillis();
					writes += counts.writes();
					outcomes += counts.outcomes();
					least = Math.min(least, counts.jobs());
					most = Math.max(most, counts.jobs());
					counts.cpu().forEach((group, millis) -> nodeCpu.merge(group, millis, Long::sum));
				}
				Figures figures = figures(tables);
				String note = String.format(Locale.ROOT,
						"%d jobs; %.1f jobs per claim, %d empty claims, %d short; each node ran %d to %d jobs; %s",
						jobs, (claims > empty) ? (double) figures.completed() / (claims - empty) : 0, empty,
						shortClaims, least, most,
						(figures.completed() == jobs && figures.rerun() == 0) ? "every job ran once"
								: figures.completed() + " completed, " + figures.rerun() + " ran more than once");
				System.err.printf(Locale.ROOT,
						"   %d nodes: %.0f jobs/s over %.2f s; claims %d (empty %d, short %d), %.2f ms per claim; "
								+ "%.1f outcomes per write (%d writes)%n"
								+ "   CPU per job: PostgreSQL %.1f us (node backends %.1f us), nodes %.1f us; nodes by "
								+ "thread group (ms, all nodes): %s%n" + "   server: %s%n",
						nodes, figures.rate(), figures.completed() / Math.max(1, figures.rate()), claims, empty,
						shortClaims, (claims > 0) ? (double) claimMillis / claims : 0,
						(writes > 0) ? (double) outcomes / writes : 0, writes, used.micros(used.serverTicks(), jobs),
						used.micros(used.nodeBackendTicks(), jobs), nodeCpu.getOrDefault("total", 0L) * 1000.0 / jobs,
						nodeCpu, used.describe(jobs));
				report.add(Result
					.of(NAME, target.name(), nodes + ((nodes == 1) ? " node" : " nodes"), "jobs/s", figures.rate())
					.note(note));
			}
			finally {
				stopAll(processes);
			}
		}
		if (!Boolean.parseBoolean(System.getProperty(FAILOVER_PROPERTY, "true"))) {
			return;
		}
		for (Profile profile : PROFILES) {
			failover(target, tables, report, profile);
		}
	}

	/**
	 * Kill the nodes and wait for them to be gone, so that their connections are closed
	 * before the next nodes open theirs (the server allows 100).
	 */
	private static void stopAll(List<Process> processes) throws InterruptedException {
		processes.forEach(Process::destroyForcibly);
		for (Process process : processes) {
			process.waitFor(10, TimeUnit.SECONDS);
			OUTPUTS.remove(process);
		}
	}

	private static int[] nodeCounts() {
		String counts = System.getProperty(NODES_PROPERTY);
		return (counts != null) ? Arrays.stream(counts.split(",")).mapToInt(Integer::parseInt).toArray() : NODES;
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
				stopAll(processes);
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
		List<String> command = new ArrayList<>(List.of(java.toString()));
		String jvmOptions = System.getProperty(NODE_JVM_PROPERTY, "").trim();
		if (!jvmOptions.isEmpty()) {
			command.addAll(List.of(jvmOptions.replace("%i", Integer.toString(index)).split(" +")));
		}
		command.addAll(List.of("-cp", jar.toString(), ClusterNode.class.getName(), tables.postgresUrl(),
				tables.schema(), Integer.toString(CONCURRENCY), NODE_NAME + index));
		if (profile != null) {
			command.add(Long.toString(profile.leaderTtl().toMillis()));
			command.add(Long.toString(profile.stagerInterval().toMillis()));
		}
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		OUTPUTS.put(process, out);
		String first = out.readLine();
		if (!"started".equals(first)) {
			throw new IllegalStateException("Cluster node " + index + " did not start: " + first);
		}
		return process;
	}

	/**
	 * A cluster's nodes are long-lived JVMs, whose compilers are done with the hot code:
	 * these are seconds old. One backlog of 5,000 jobs per node left their compilers busy
	 * for most of the measured drain (per-claim and per-write code runs a few hundred
	 * times a drain; 400 to 800 ms of compiler CPU per drain at 1 node, more with more
	 * JVMs on the same 2 cores). So drain warm-up backlogs until the compilers use less
	 * than a tenth of the nodes' CPU during one (at most {@link #WARM_UP_ROUNDS}), then
	 * wait for them to go idle. Eight JVMs on 2 cores compile far longer than one: after
	 * 20 rounds their compilers still took half the nodes' CPU, after 40 to 55 a tenth.
	 */
	private static void warmUp(Target target, JdbcTables tables, List<Process> processes) throws Exception {
		int perRound = Integer.getInteger(WARM_UP_PROPERTY, WARM_UP_PER_NODE) * processes.size();
		List<String> rounds = new ArrayList<>();
		int most = Integer.getInteger(WARM_UP_ROUNDS_PROPERTY, WARM_UP_ROUNDS);
		for (int round = 1; round <= most; round++) {
			send(processes, "cpu");
			readLines(processes);
			Engine.fill(target.store(), perRound);
			awaitDone(processes, perRound * round, Duration.ofSeconds(120).plusMillis(perRound * 5L));
			send(processes, "cpu");
			long jit = 0;
			long total = 0;
			for (String line : readLines(processes)) {
				Matcher matcher = CPU_SINCE.matcher(line);
				if (!matcher.find()) {
					throw new IllegalStateException("A cluster node did not report its CPU: " + line);
				}
				jit += Long.parseLong(matcher.group(1));
				total += Long.parseLong(matcher.group(2));
			}
			rounds.add(jit + "/" + total);
			if (jit * 10 < total) {
				break;
			}
		}
		tables.deleteJobs();
		send(processes, "reset");
		System.err.println("   warm-up rounds (compiler/all node CPU, ms): " + rounds);
		settle(processes);
	}

	private static List<String> readLines(List<Process> processes) throws Exception {
		List<String> lines = new ArrayList<>();
		for (Process process : processes) {
			lines.add(OUTPUTS.get(process).readLine());
		}
		return lines;
	}

	private static void settle(List<Process> processes) throws Exception {
		send(processes, "settle");
		List<String> spent = new ArrayList<>();
		for (Process process : processes) {
			String line = OUTPUTS.get(process).readLine();
			if (line == null || !line.startsWith("settled")) {
				throw new IllegalStateException("A cluster node did not settle: " + line);
			}
			spent.add(line.substring("settled ".length()));
		}
		System.err.println("   nodes settled: " + spent);
	}

	private static void send(List<Process> processes, String line) throws Exception {
		for (Process process : processes) {
			process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
			process.getOutputStream().flush();
		}
	}

	private static NodeCounts counts(Process process) throws Exception {
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("A cluster node did not stop within 60 s");
		}
		String output = OUTPUTS.remove(process).lines().collect(Collectors.joining("\n"));
		Matcher matcher = COUNTS.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("A cluster node printed no counts: " + output);
		}
		Map<String, Long> cpu = new TreeMap<>();
		Matcher cpuLine = CPU.matcher(output);
		if (cpuLine.find()) {
			for (String pair : cpuLine.group(1).trim().split(" ")) {
				String[] parts = pair.split("=");
				if (parts.length == 2) {
					cpu.put(parts[0], Long.parseLong(parts[1]));
				}
			}
		}
		return new NodeCounts(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
				Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5)),
				Long.parseLong(matcher.group(6)), Long.parseLong(matcher.group(7)), cpu);
	}

	private record NodeCounts(long claims, long empty, long jobs, long shortClaims, long claimMillis, long writes,
			long outcomes, Map<String, Long> cpu) {
	}

	/**
	 * Wait until the nodes have written this many outcomes since their counts were last
	 * reset. Asked of the nodes, not the database: a count of the table there is a scan
	 * of every row (in parallel workers), ten times a second, on the cores the drain
	 * uses, and its snapshot holds back the pruning of the rows the claims walk past.
	 */
	private static void awaitDone(List<Process> processes, int jobs, Duration patience) throws Exception {
		long deadline = System.nanoTime() + patience.toNanos();
		while (outcomes(processes) < jobs) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The cluster did not complete " + jobs + " jobs within " + patience);
			}
			TimeUnit.MILLISECONDS.sleep(20);
		}
	}

	private static long outcomes(List<Process> processes) throws Exception {
		send(processes, "outcomes");
		long outcomes = 0;
		for (String line : readLines(processes)) {
			if (line == null || !line.startsWith("outcomes ")) {
				throw new IllegalStateException("A cluster node did not report its outcomes: " + line);
			}
			outcomes += Long.parseLong(line.substring("outcomes ".length()));
		}
		return outcomes;
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
