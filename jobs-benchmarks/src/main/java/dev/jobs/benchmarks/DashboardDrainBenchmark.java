package dev.jobs.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.jobs.dashboard.DashboardProperties;
import dev.jobs.dashboard.DashboardQueries;
import dev.jobs.dashboard.DashboardViews.AccessView;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.JobFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether an open dashboard slows the engine: the drain at each concurrency without a
 * dashboard, with one open and refreshing, and without once more (so that the spread of
 * two drains alike shows the noise the dashboard's effect is to be told from), in turns
 * in the same run, the order rotated each round. The dashboard is its own read code
 * ({@link DashboardQueries}, what {@code api/overview} and {@code api/jobs} answer from)
 * on the engine's store and connection pool, each answer written as JSON, polled as the
 * page polls: the next refresh a refresh interval after the last answer. Each refresh
 * reads the overview and the newest page of 50 jobs, twice what one open page reads. The
 * figures are the median ratios to the first drain without the dashboard of each round.
 * PostgreSQL only; runs only when named.
 */
final class DashboardDrainBenchmark {

	static final String NAME = "drain-dashboard";

	/**
	 * Rounds of three drains: more than the other drains, as the effect sought is small.
	 */
	static final int ROUNDS = 5;

	private static final AccessView ACCESS = new AccessView(false, "benchmark");

	private static final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	private final Options options;

	DashboardDrainBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		if (target.jdbc().filter(JdbcTables::postgres).isEmpty()) {
			report.add(Result.of(NAME, target.name(), "skipped", "-", Double.NaN)
				.note("the drain-dashboard scenario runs on PostgreSQL only (--store postgres)"));
			return;
		}
		int jobs = this.options.jobs();
		int rounds = this.options.quick() ? 1 : ROUNDS;
		Duration refresh = new DashboardProperties().getRefreshInterval();
		for (int concurrency : this.options.concurrency()) {
			drain(target, 5_000, concurrency, null, new Polls());
			drain(target, 5_000, concurrency, refresh, new Polls());
			List<double[]> triples = new ArrayList<>();
			Polls polls = new Polls();
			for (int round = 0; round < rounds; round++) {
				double[] triple = new double[Variant.values().length];
				// Each round starts with another variant, so that a drift of the
				// machine's
				// load over the run does not favour one.
				for (int i = 0; i < triple.length; i++) {
					Variant variant = Variant.values()[(round + i) % triple.length];
					triple[variant.ordinal()] = drain(target, jobs, concurrency,
							(variant == Variant.DASHBOARD) ? refresh : null, polls);
				}
				triples.add(triple);
			}
			report.add(Result.of(NAME, target.name(), "no dashboard, concurrency " + concurrency, "jobs/s",
					median(column(triples, Variant.PLAIN))));
			report.add(Result
				.of(NAME, target.name(), "no dashboard again (the noise), concurrency " + concurrency, "jobs/s",
						median(column(triples, Variant.PLAIN_AGAIN)))
				.note(ratios(triples, Variant.PLAIN_AGAIN, rounds, jobs)));
			report.add(Result
				.of(NAME, target.name(),
						"dashboard refreshing every " + refresh.toMillis() + " ms, concurrency " + concurrency,
						"jobs/s", median(column(triples, Variant.DASHBOARD)))
				.note(ratios(triples, Variant.DASHBOARD, rounds, jobs)
						+ String.format(Locale.ROOT, "; %d refreshes, p50 %.1f ms, max %.1f ms", polls.count(),
								polls.p50Millis(), polls.maxMillis())));
		}
	}

	/** The drains of each round. */
	enum Variant {

		PLAIN, DASHBOARD, PLAIN_AGAIN

	}

	private static double[] column(List<double[]> triples, Variant variant) {
		return triples.stream().mapToDouble((triple) -> triple[variant.ordinal()]).toArray();
	}

	private static String ratios(List<double[]> triples, Variant variant, int rounds, int jobs) {
		double[] ratios = triples.stream()
			.mapToDouble((triple) -> triple[variant.ordinal()] / triple[Variant.PLAIN.ordinal()])
			.toArray();
		String each = java.util.Arrays.stream(ratios)
			.mapToObj((ratio) -> String.format(Locale.ROOT, "%.2f", ratio))
			.collect(Collectors.joining(", "));
		return String.format(Locale.ROOT, "%.2f of no dashboard (median of %d ratios: %s); %d jobs", median(ratios),
				rounds, each, jobs);
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	/**
	 * One drain of a fresh backlog, with the dashboard refreshing when {@code refresh} is
	 * given.
	 */
	private static double drain(Target target, int jobs, int concurrency, Duration refresh, Polls polls)
			throws InterruptedException {
		target.reset();
		Engine.fill(target.store(), jobs);
		target.jdbc().ifPresent(JdbcTables::analyze);
		Workload workload = new Workload(false, 0);
		Supervisor supervisor = Engine.supervisor(target, workload, concurrency);
		ScheduledExecutorService page = Executors.newSingleThreadScheduledExecutor();
		supervisor.start();
		try {
			if (refresh != null) {
				DashboardQueries dashboard = new DashboardQueries(target.store(), supervisor, Clock.systemUTC(),
						new DashboardProperties());
				page.scheduleWithFixedDelay(() -> polls.time(() -> refreshPage(dashboard)), 0, refresh.toMillis(),
						TimeUnit.MILLISECONDS);
			}
			workload.awaitWritten(jobs, Duration.ofSeconds(60).plusMillis(jobs * 5L));
		}
		finally {
			page.shutdownNow();
			page.awaitTermination(10, TimeUnit.SECONDS);
			supervisor.stop();
		}
		polls.check();
		return workload.throughput();
	}

	private static int refreshPage(DashboardQueries dashboard) {
		String overview = json.writeValueAsString(dashboard.overview(ACCESS));
		String page = json.writeValueAsString(dashboard.jobs(JobFilter.ALL, null, 50));
		return overview.length() + page.length();
	}

	/** The dashboard's refreshes: how many, and how long each took. */
	private static final class Polls {

		private final List<Long> nanos = new ArrayList<>();

		private RuntimeException failure;

		/** A refresh that fails is kept, not thrown: thrown, it would end the polling. */
		synchronized void time(Runnable refresh) {
			long start = System.nanoTime();
			try {
				refresh.run();
				this.nanos.add(System.nanoTime() - start);
			}
			catch (RuntimeException ex) {
				this.failure = ex;
			}
		}

		synchronized void check() {
			if (this.failure != null) {
				throw new IllegalStateException("A dashboard refresh failed: " + this.failure, this.failure);
			}
		}

		synchronized int count() {
			return this.nanos.size();
		}

		synchronized double p50Millis() {
			return this.nanos.isEmpty() ? Double.NaN
					: this.nanos.stream().sorted().toList().get(this.nanos.size() / 2) / 1e6;
		}

		synchronized double maxMillis() {
			return this.nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
		}

	}

}
