package dev.jobs.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import dev.jobs.HandlerRegistry;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.RateLimit;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;

/**
 * Limits: drains under a limit against drains without one, each pair measured back to
 * back (the median of three pairs), and a rate held over 30 seconds.
 * <ul>
 * <li>a per-kind limit of 50 at queue concurrency 128, against no limit at concurrency
 * 50: the claim under limits against the plain claim at the same parallelism, with and
 * without claim-ahead for the plain claim;</li>
 * <li>1,000 distinct keys limited to 1 each, against no limit, both at concurrency
 * 128;</li>
 * <li>a rate of 1,000 starts per second over 30 seconds, with a backlog far larger: the
 * starts counted, and the most in any one-second window.</li>
 * </ul>
 */
final class LimitsBenchmark {

	static final String NAME = "limits";

	private static final int WARM_UP_JOBS = 5_000;

	private static final int ROUNDS = 3;

	private static final int KEYS = 1_000;

	private static final int RATE = 1_000;

	private static final Duration RATE_RUN = Duration.ofSeconds(30);

	private final Options options;

	LimitsBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		int jobs = this.options.jobs();
		int rounds = this.options.quick() ? 1 : ROUNDS;
		UnaryOperator<SupervisorBuilder> kindLimit = (builder) -> builder
			.limit(JobLimit.of(Probe.KIND).concurrency(50));
		drain(target, WARM_UP_JOBS, 128, kindLimit, false);
		pairs(target, report, rounds, "per-kind limit 50 at concurrency 128", "no limit at concurrency 50",
				() -> drain(target, jobs, 128, kindLimit, false),
				() -> drain(target, jobs, 50, UnaryOperator.identity(), false), jobs);
		// A limited kind cannot claim ahead (a held job counts against its limit): the
		// same pair against an unlimited drain that claims only its free slots too shows
		// what the limit itself costs.
		pairs(target, report, rounds, "per-kind limit 50 at concurrency 128, against claim-ahead off",
				"no limit at concurrency 50, claim-ahead off", () -> drain(target, jobs, 128, kindLimit, false),
				() -> drain(target, jobs, 50, (builder) -> builder.claimAhead(false), false), jobs);
		UnaryOperator<SupervisorBuilder> keyLimit = (builder) -> builder
			.limit(JobLimit.of(Probe.KIND).concurrencyPerKey(1));
		drain(target, WARM_UP_JOBS, 128, keyLimit, true);
		pairs(target, report, rounds, KEYS + " keys, limit 1 per key, concurrency 128",
				"no limit at concurrency 128, same jobs with keys", () -> drain(target, jobs, 128, keyLimit, true),
				() -> drain(target, jobs, 128, UnaryOperator.identity(), true), jobs);
		rate(target, report);
	}

	private void pairs(Target target, Report report, int rounds, String limited, String unlimited, Drain withLimit,
			Drain without, int jobs) throws Exception {
		double[] ratios = new double[rounds];
		Workload[] limitedRuns = new Workload[rounds];
		Workload[] unlimitedRuns = new Workload[rounds];
		for (int round = 0; round < rounds; round++) {
			unlimitedRuns[round] = without.run();
			limitedRuns[round] = withLimit.run();
			ratios[round] = limitedRuns[round].throughput() / unlimitedRuns[round].throughput();
		}
		int median = Ratios.medianIndex(ratios);
		report.add(Result.of(NAME, target.name(), unlimited, "jobs/s", unlimitedRuns[median].throughput())
			.note(jobs + " no-op jobs; " + unlimitedRuns[median].batching()));
		report.add(Result.of(NAME, target.name(), limited, "jobs/s", limitedRuns[median].throughput())
			.note(String.format(Locale.ROOT,
					"%.2f of the unlimited drain; median of %d pairs (ratios %s); %d no-op jobs; %s", ratios[median],
					rounds, Ratios.format(ratios), jobs, limitedRuns[median].batching())));
	}

	private void rate(Target target, Report report) throws Exception {
		int backlog = RATE * (int) (RATE_RUN.toSeconds() + 10);
		target.reset();
		fill(target, backlog, false);
		target.jdbc().ifPresent(JdbcTables::analyze);
		long[] starts = new long[backlog];
		AtomicInteger started = new AtomicInteger();
		// Claim times, which the rate limits (a handler starts a little after its claim).
		HandlerRegistry handlers = new HandlerRegistry().register(Probe.KIND, Probe.class, (probe, context) -> {
			int index = started.getAndIncrement();
			Instant claimed = context.job().attemptedAt();
			if (index < starts.length && claimed != null) {
				starts[index] = claimed.getEpochSecond() * 1_000_000_000L + claimed.getNano();
			}
		});
		Supervisor supervisor = Supervisor.builder(target.store())
			.handlers(handlers)
			.queue(new QueueConfig(Probe.QUEUE, 128, QueueConfig.DEFAULT_FETCH_LIMIT,
					QueueConfig.DEFAULT_POLL_INTERVAL))
			.limit(JobLimit.of(Probe.KIND).rate(RateLimit.of(RATE, Duration.ofSeconds(1))))
			.nodeId("bench-rate")
			.shutdownTimeout(Duration.ofSeconds(30))
			.build();
		supervisor.start();
		try {
			Thread.sleep(RATE_RUN.toMillis() + 2_000);
		}
		finally {
			supervisor.stop();
		}
		int count = Math.min(started.get(), starts.length);
		long[] times = Arrays.copyOf(starts, count);
		Arrays.sort(times);
		long first = times[0];
		long end = first + RATE_RUN.toNanos();
		int inRun = 0;
		int mostInASecond = 0;
		int from = 0;
		for (int i = 0; i < count && times[i] < end; i++) {
			inRun++;
			while (times[i] - times[from] >= 1_000_000_000L) {
				from++;
			}
			mostInASecond = Math.max(mostInASecond, i - from + 1);
		}
		double perSecond = inRun / (double) RATE_RUN.toSeconds();
		report.add(Result
			.of(NAME, target.name(), "rate " + RATE + "/s over " + RATE_RUN.toSeconds() + " s", "starts/s", perSecond)
			.note(String.format(Locale.ROOT, "%.3f of the rate; most claims in any 1 s window: %d; backlog %d",
					perSecond / RATE, mostInASecond, backlog)));
	}

	private Workload drain(Target target, int jobs, int concurrency, UnaryOperator<SupervisorBuilder> tune,
			boolean keyed) throws Exception {
		target.reset();
		fill(target, jobs, keyed);
		target.jdbc().ifPresent(JdbcTables::analyze);
		Workload workload = new Workload(false, 0);
		Supervisor supervisor = Engine.supervisor(target, workload, concurrency, tune);
		// What each drain costs the machine: on 2 shared cores its jobs/s follow the
		// load,
		// its CPU per job much less.
		BackendCpu server = target.name().equals("postgres") ? BackendCpu.start(target.jdbc().orElseThrow()) : null;
		long cpu = IdleCpuBenchmark.processCpuNanos();
		supervisor.start();
		try {
			workload.awaitWritten(jobs, Duration.ofSeconds(60).plusMillis(jobs * 5L));
			workload.cpuNanos(IdleCpuBenchmark.processCpuNanos() - cpu);
			if (server != null) {
				workload.serverCpuNanos(server.nanos());
			}
		}
		finally {
			supervisor.stop();
		}
		return workload;
	}

	/**
	 * Insert the backlog; with keys, job n gets key n mod {@link #KEYS}.
	 */
	private static void fill(Target target, int count, boolean keyed) {
		for (int done = 0; done < count; done += Engine.INSERT_BATCH) {
			Instant now = Instant.now();
			int size = Math.min(Engine.INSERT_BATCH, count - done);
			List<JobInsert> batch = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				JobInsert insert = JobInsert.of(Probe.QUEUE, Probe.KIND, Probe.UNTIMED_JSON, now);
				batch.add(keyed ? insert.withLimitKey("key-" + ((done + i) % KEYS)) : insert);
			}
			target.store().insert(new InsertParams(batch, now));
		}
	}

	@FunctionalInterface
	private interface Drain {

		Workload run() throws Exception;

	}

}
