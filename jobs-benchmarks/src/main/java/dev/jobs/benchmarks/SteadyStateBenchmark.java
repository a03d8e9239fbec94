package dev.jobs.benchmarks;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.engine.CompleterConfig;
import dev.jobs.engine.JobClient;
import dev.jobs.engine.PrunerConfig;
import dev.jobs.engine.Supervisor;
import org.jspecify.annotations.Nullable;

/**
 * Steady state: jobs enqueued at a fixed rate while one supervisor works them, with the
 * latency from enqueue to start and from enqueue to the written outcome; then a short
 * ramp that looks for the highest rate at which the backlog stays flat.
 */
final class SteadyStateBenchmark {

	static final String NAME = "steady";

	static final int CONCURRENCY = 32;

	/**
	 * A ramp step. Steps of 3 s on a fresh table called rates flat that neither the
	 * engine nor the hand-written consumer held for 20 s: a claim walks past the index
	 * entries of every job claimed since the table's last vacuum, and 3 s leave few of
	 * them.
	 */
	static final Duration STEP = Duration.ofSeconds(10);

	/** Run at the fixed rate, unmeasured, before the measured run. */
	static final Duration WARM_UP = Duration.ofSeconds(2);

	/** More of the warm-up, in rounds this long, while the JIT compilers are busy. */
	static final Duration WARM_UP_ROUND = Duration.ofSeconds(1);

	/** The most warm-up rounds after the first {@link #WARM_UP}. */
	static final int MAX_WARM_UP_ROUNDS = 20;

	static final int FIRST_RAMP_RATE = 1_000;

	static final int MAX_RAMP_RATE = 1_024_000;

	/**
	 * Share of the arrivals of a step's second half that must be worked off meanwhile for
	 * the step to count as flat.
	 */
	static final double KEPT_UP = 0.95;

	/**
	 * The most arrivals, in seconds' worth, that may wait at the end of a flat step: a
	 * tenth of a second. A second's worth let a consumer fall behind by 5% and still
	 * count.
	 */
	static final double MAX_BACKLOG_SECONDS = 0.1;

	/**
	 * The share of the engine's flat rate at which a last fixed-rate run measures its
	 * latency, as the rate a deployment plans to run at below what it can take.
	 */
	static final double BELOW_FLAT = 0.8;

	/**
	 * Shares of the engine's flat rate to measure the latency at instead of
	 * {@link #BELOW_FLAT}: comma-separated, each above 0 and at most 1.
	 */
	static final String SHARES_PROPERTY = "jobs.bench.steady.shares";

	private static final int MAX_BATCH = 5_000;

	private final Options options;

	/** Read at the start: a mistyped share fails the run before its ramps, not after. */
	private final List<Double> shares;

	SteadyStateBenchmark(Options options) {
		this.options = options;
		this.shares = shares(System.getProperty(SHARES_PROPERTY));
	}

	static final String RAW_RAMP = "ramp of a hand-written consumer: claim 100 + complete, 1 connection";

	void run(Target target, Report report) throws InterruptedException {
		fixedRate(target, report, this.options.rate(), "");
		Duration step = this.options.quick() ? STEP.dividedBy(3) : STEP;
		RawSql sql = target.jdbc().map(RawSql::new).orElse(null);
		if (sql != null) {
			// The same generated stream, consumed by plain SQL instead of the engine.
			Ramp raw = ramp(target, step, () -> new RawConsumer(target.jdbc().get(), sql));
			report.add(Result.of(Result.RAW_SQL, target.name(), RAW_RAMP, "highest flat rate jobs/s", raw.flat())
				.note(raw.note()));
		}
		Ramp engine = ramp(target, step, () -> new EngineConsumer(target));
		report.add(Result
			.of(NAME, target.name(), "ramp, " + step.toMillis() / 1000.0 + " s steps", "highest flat rate jobs/s",
					engine.flat())
			.note(engine.note())
			.against((sql != null) ? RAW_RAMP : RawSqlBenchmark.BATCH_PIPELINED));
		if (engine.flat() > 0) {
			// The latency a user sees at the rate they would plan for, in the same run as
			// the flat rate it is a share of: runs on different minutes of this machine
			// differ by more than the share.
			for (double share : this.shares) {
				fixedRate(target, report, (int) (engine.flat() * share),
						share + " of the engine's flat rate " + engine.flat() + ": ");
			}
		}
	}

	/**
	 * The shares of the flat rate to run at.
	 * @param property the value of {@link #SHARES_PROPERTY}, or {@code null}
	 * @return {@link #BELOW_FLAT} without the property, else its shares in its order
	 * @throws IllegalArgumentException if a share is not a number above 0 and at most 1
	 */
	static List<Double> shares(@Nullable String property) {
		if (property == null || property.isBlank()) {
			return List.of(BELOW_FLAT);
		}
		List<Double> shares = new ArrayList<>();
		for (String text : property.split(",")) {
			double share;
			try {
				share = Double.parseDouble(text.trim());
			}
			catch (NumberFormatException ex) {
				share = Double.NaN;
			}
			if (!(share > 0 && share <= 1)) {
				throw new IllegalArgumentException("-D" + SHARES_PROPERTY
						+ " takes shares above 0 and at most 1, such as 0.5,0.8; got '" + text + "'");
			}
			shares.add(share);
		}
		return shares;
	}

	/**
	 * A warm-up, then the measured run at a fixed rate, on a fresh table.
	 * @param label what the rate is, before it in the rows' variants, or empty
	 */
	private void fixedRate(Target target, Report report, int rate, String label) throws InterruptedException {
		target.reset();
		Workload workload = new Workload(true, (int) Math.min(20_000_000L, rate * this.options.duration().toSeconds()));
		Supervisors supervisors = new Supervisors(target, workload);
		Generated generated;
		double coldP99;
		String traced;
		WarmUp compiled;
		try (StartTrace trace = new StartTrace(
				(int) Math.min(Integer.MAX_VALUE, (long) rate * this.options.duration().toSeconds()))) {
			try {
				// A fresh JVM compiles, loads classes and starts worker threads during
				// its first second or so: jobs then wait up to ~150 ms, which is not
				// the steady state. Reported on its own row, then left out, as the
				// drains do.
				Generated warm = generate(supervisors.dispatcher(), rate, WARM_UP, null, null);
				workload.awaitWritten(warm.sent(), Duration.ofSeconds(60));
				coldP99 = workload.toStart().percentileMillis(99);
				compiled = warmUntilCompiled(supervisors.dispatcher(), rate);
				long warmSent = warm.sent() + compiled.sent();
				workload.awaitWritten(warmSent, Duration.ofSeconds(60));
				workload.toStart().clear();
				workload.toComplete().clear();
				workload.trace(trace);
				Optional<Checkpoints> checkpointsBefore = checkpoints(target);
				long runStart = System.nanoTime();
				String backlog;
				Optional<MachineCpu> cpuBefore = MachineCpu.read();
				try (BacklogSampler sampler = supervisors.backlogSampler()) {
					generated = generate(supervisors.dispatcher(), rate, this.options.duration(), null, trace);
					backlog = sampler.note();
				}
				String machine = cpuBefore
					.flatMap((before) -> MachineCpu.read()
						.map((after) -> "; " + after.since(before).note(Runtime.getRuntime().availableProcessors())))
					.orElse("");
				String checkpoints = checkpointsBefore
					.flatMap((before) -> checkpoints(target).map((after) -> "; " + after.since(before)))
					.orElse("");
				long expected = warmSent + generated.sent();
				// Jobs never written are the slowest: the percentiles leave them out, so
				// say so.
				String unwritten = workload.awaitWritten(expected, Duration.ofSeconds(60)) ? ""
						: "; " + (expected - workload.written()) + " jobs not written within 60 s of the run's end, "
								+ "left out of the percentiles";
				traced = trace.note(runStart,
						this.options.out().resolve("steady-" + target.name() + "-" + rate + "-trace.csv")) + "; "
						+ backlog + checkpoints + machine + unwritten;
			}
			finally {
				supervisors.stop();
			}
		}
		report.add(Result
			.of(NAME, target.name(), label + rate + " jobs/s, first " + WARM_UP.toSeconds() + " s after start",
					"enqueue-to-start p99 ms", coldP99)
			.note("warm-up, left out of the rows below; then 1 s rounds at the rate until the JIT compilers "
					+ "used under a tenth of the CPU (compiler/process ms: " + compiled.rounds() + ")"));
		String variant = label + rate + " jobs/s for " + this.options.duration().toSeconds() + " s";
		String note = (generated.rate() < rate * KEPT_UP) ? "enqueue could not keep the rate" : "";
		report.add(Result.of(NAME, target.name(), variant, "enqueued jobs/s", generated.rate()).note(note));
		for (double percent : new double[] { 50, 95, 99 }) {
			report.add(
					Result
						.of(NAME, target.name(), variant, "enqueue-to-start p" + (int) percent + " ms",
								workload.toStart().percentileMillis(percent))
						.note((percent == 99) ? traced : ""));
		}
		for (double percent : new double[] { 50, 95, 99 }) {
			report.add(Result.of(NAME, target.name(), variant, "enqueue-to-completed p" + (int) percent + " ms",
					workload.toComplete().percentileMillis(percent)));
		}
	}

	/**
	 * The database server's checkpoints so far, where it counts them (PostgreSQL).
	 */
	private static Optional<Checkpoints> checkpoints(Target target) {
		try {
			return target.jdbc().isPresent() ? Checkpoints.read(target.jdbc().get()) : Optional.empty();
		}
		catch (SQLException ex) {
			System.err.println("    could not read the server's checkpoints: " + ex);
			return Optional.empty();
		}
	}

	/**
	 * Keep the stream going while the JIT compilers still work on the hot code: on this
	 * machine they used 15% of a core 14 to 24 s after the start, which the measured run
	 * then shared (its first seconds had claims of 100 and the worst waits). A round ends
	 * the warm-up when the compilers used less than a tenth of the process's CPU in it.
	 * @return the jobs sent, and each round's compiler and process CPU
	 */
	private static WarmUp warmUntilCompiled(JobDispatcher dispatcher, int rate) {
		long sent = 0;
		List<String> rounds = new ArrayList<>();
		for (int round = 0; round < MAX_WARM_UP_ROUNDS; round++) {
			long compiler = ThreadCpu.compilerMillis();
			long process = ThreadCpu.processMillis();
			sent += generate(dispatcher, rate, WARM_UP_ROUND, null, null).sent();
			long compiled = ThreadCpu.compilerMillis() - compiler;
			long used = ThreadCpu.processMillis() - process;
			rounds.add(compiled + "/" + used);
			if (compiled * 10 < used) {
				break;
			}
		}
		WarmUp warmUp = new WarmUp(sent, String.join(", ", rounds));
		System.err.println("   warm-up rounds after the first " + WARM_UP.toSeconds()
				+ " s (compiler/process CPU, ms): " + warmUp.rounds());
		return warmUp;
	}

	private record WarmUp(long sent, String rounds) {
	}

	/**
	 * Double the rate while the backlog stays flat, then halve the gap twice. The steps
	 * of one ramp follow each other on one table and one consumer, as a consumer's day
	 * does: each step begins once the last one's backlog is worked off, on a table that
	 * holds every job the ramp ran so far. Steps each on a fresh table called rates flat
	 * that 20 s on a table worked for half a minute did not hold: a claim walks past the
	 * index entries of every job claimed since the table's last vacuum, and a fresh table
	 * has none.
	 */
	private Ramp ramp(Target target, Duration step, Supplier<Consumer> consumers) throws InterruptedException {
		target.reset();
		try (Consumer consumer = consumers.get();
				JobClient producer = Engine.client(target.store(), new Workload(false, 0))) {
			Steps steps = new Steps(target.name(), producer, consumer, step);
			RampSearch search = new RampSearch(FIRST_RAMP_RATE, MAX_RAMP_RATE);
			for (OptionalInt rate = search.next(); rate.isPresent(); rate = search.next()) {
				Step result = steps.run(rate.getAsInt());
				search.stepped(result.flat(), !result.generatorLimited());
			}
			return new Ramp(search.flat(), steps.describe(search.note()));
		}
	}

	/** The steps of one ramp: one stream, one consumer, one table. */
	private static final class Steps {

		/** The longest wait for the consumer to work off a step's backlog. */
		private static final Duration CATCH_UP = Duration.ofSeconds(60);

		private final String store;

		private final JobClient producer;

		private final Consumer consumer;

		private final Duration length;

		private final long start = System.nanoTime();

		private long sent;

		private long behind;

		Steps(String store, JobClient producer, Consumer consumer, Duration length) {
			this.store = store;
			this.producer = producer;
			this.consumer = consumer;
			this.length = length;
		}

		Step run(int rate) throws InterruptedException {
			if (this.behind > 0 || !caughtUp()) {
				this.behind = this.sent - this.consumer.written();
				return new Step(false, false);
			}
			long[] atHalf = new long[2];
			Generated generated = generate(this.producer, rate, this.length, (count) -> {
				atHalf[0] = this.sent + count;
				atHalf[1] = this.consumer.written();
			}, null);
			this.sent += generated.sent();
			long arrived = this.sent - atHalf[0];
			long worked = this.consumer.written() - atHalf[1];
			long backlog = this.sent - this.consumer.written();
			boolean flat = worked >= arrived * KEPT_UP && backlog <= rate * MAX_BACKLOG_SECONDS;
			System.err.printf("    ramp %s %s %d jobs/s at %.0f s: offered %.0f/s, backlog %d, %s%n", this.store,
					this.consumer.name(), rate, (System.nanoTime() - this.start) / 1e9, generated.rate(), backlog,
					flat ? "flat" : "growing");
			return new Step(flat, generated.rate() < rate * KEPT_UP);
		}

		private boolean caughtUp() {
			long deadline = System.nanoTime() + CATCH_UP.toNanos();
			while (this.consumer.written() < this.sent) {
				if (System.nanoTime() > deadline) {
					return false;
				}
				LockSupport.parkNanos(10_000_000);
			}
			return true;
		}

		String describe(String note) {
			String jobs = this.sent + " jobs on one table over " + Math.round((System.nanoTime() - this.start) / 1e9)
					+ " s";
			String stuck = (this.behind > 0)
					? "; stopped with " + this.behind + " jobs not worked off within " + CATCH_UP.toSeconds() + " s"
					: "";
			return (note.isEmpty() ? "" : note + "; ") + jobs + stuck;
		}

	}

	/** What works off the stream while a step runs. */
	private interface Consumer extends AutoCloseable {

		String name();

		long written();

		@Override
		void close() throws InterruptedException;

	}

	/**
	 * The engine's side of a run: one supervisor at {@link #CONCURRENCY}, or with
	 * {@code -Djobs.bench.steady.supervisors=N} that many in this JVM sharing those slots
	 * (each its own producer, so N claims in flight), as a what-if. Enqueues go through
	 * the first one's dispatcher; the others are woken by the store's notifications.
	 */
	private static final class Supervisors {

		private final List<Supervisor> all = new ArrayList<>();

		Supervisors(Target target, Workload workload) {
			int count = Math.max(1, Integer.getInteger("jobs.bench.steady.supervisors", 1));
			for (int i = 0; i < count; i++) {
				Supervisor supervisor = Engine.supervisor(target, workload, Math.max(1, CONCURRENCY / count));
				supervisor.start();
				this.all.add(supervisor);
			}
		}

		JobDispatcher dispatcher() {
			return this.all.get(0).dispatcher();
		}

		/**
		 * Samples the outcomes all of them have waiting, against their bounds together.
		 */
		BacklogSampler backlogSampler() {
			return new BacklogSampler(() -> this.all.stream().mapToInt(Supervisor::completerBacklog).sum(),
					this.all.size() * CompleterConfig.DEFAULT_MAX_BACKLOG);
		}

		void stop() {
			this.all.forEach(Supervisor::stop);
		}

	}

	/** The engine. */
	private static final class EngineConsumer implements Consumer {

		private final Workload workload = new Workload(false, 0);

		private final Supervisors supervisors;

		EngineConsumer(Target target) {
			this.supervisors = new Supervisors(target, this.workload);
		}

		@Override
		public String name() {
			return "engine";
		}

		@Override
		public long written() {
			return this.workload.written();
		}

		@Override
		public void close() {
			this.supervisors.stop();
		}

	}

	/**
	 * A consumer as a user would write it by hand: on one connection, claim up to 100
	 * jobs, complete them, and when none waits, look again a millisecond later. Where
	 * autovacuum is off (the test server), its table is vacuumed as often as the engine's
	 * leader vacuums its own there, once per pruner interval, from another connection, as
	 * autovacuum would: both consumers' tables are cleaned alike.
	 */
	private static final class RawConsumer implements Consumer {

		private final AtomicLong written = new AtomicLong();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		private final @Nullable ScheduledExecutorService maintenance;

		RawConsumer(JdbcTables tables, RawSql sql) {
			this.maintenance = tables.autovacuumOff() ? Executors.newSingleThreadScheduledExecutor() : null;
			if (this.maintenance != null) {
				long every = PrunerConfig.DEFAULT_INTERVAL.toMillis();
				this.maintenance.scheduleAtFixedRate(tables::vacuum, every, every, TimeUnit.MILLISECONDS);
			}
			this.thread = new Thread(() -> {
				try (RawSqlBenchmark.Session session = RawSqlBenchmark.Session.open(tables, true)) {
					while (this.running.get()) {
						long[] ids = sql.claim(session.connection(), RawSqlBenchmark.CLAIM_BATCH);
						if (ids.length == 0) {
							LockSupport.parkNanos(1_000_000);
							continue;
						}
						this.written.addAndGet(sql.complete(session.connection(), ids));
					}
				}
				catch (SQLException ex) {
					throw new IllegalStateException("The hand-written consumer failed", ex);
				}
			}, "bench-raw-consumer");
			this.thread.start();
		}

		@Override
		public String name() {
			return "raw SQL";
		}

		@Override
		public long written() {
			return this.written.get();
		}

		@Override
		public void close() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
			if (this.maintenance != null) {
				this.maintenance.shutdownNow();
				this.maintenance.awaitTermination(1, TimeUnit.MINUTES);
			}
		}

	}

	private record Ramp(int flat, String note) {
	}

	/**
	 * Enqueue {@link Probe}s at a rate, in batches of whatever fell due since the last
	 * call, each stamped with its enqueue time.
	 * @param dispatcher where to enqueue
	 * @param rate jobs per second
	 * @param length how long
	 * @param atHalf told the count sent half way through, or {@code null}
	 * @param trace told when each enqueue call returned, or {@code null}
	 * @return what was sent
	 */
	static Generated generate(JobDispatcher dispatcher, int rate, Duration length,
			java.util.function.@Nullable LongConsumer atHalf, @Nullable StartTrace trace) {
		long start = System.nanoTime();
		long end = start + length.toNanos();
		long half = start + length.toNanos() / 2;
		boolean halfTold = (atHalf == null);
		long sent = 0;
		long now;
		while ((now = System.nanoTime()) < end) {
			if (!halfTold && now >= half) {
				atHalf.accept(sent);
				halfTold = true;
			}
			long due = (long) ((now - start) / 1e9 * rate) - sent;
			if (due <= 0) {
				LockSupport.parkNanos(500_000);
				continue;
			}
			int size = (int) Math.min(due, MAX_BATCH);
			List<JobRequest> batch = new ArrayList<>(size);
			long stamp = System.nanoTime();
			for (int i = 0; i < size; i++) {
				batch.add(JobRequest.of(Probe.KIND, new Probe(stamp)));
			}
			List<Job> jobs = (size == 1) ? List.of(dispatcher.enqueue(batch.get(0))) : dispatcher.enqueueAll(batch);
			if (trace != null) {
				trace.enqueued(stamp, jobs, System.nanoTime());
			}
			sent += size;
		}
		return new Generated(sent, sent / ((System.nanoTime() - start) / 1e9));
	}

	record Generated(long sent, double rate) {
	}

	private record Step(boolean flat, boolean generatorLimited) {
	}

}
