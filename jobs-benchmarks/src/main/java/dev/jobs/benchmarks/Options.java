package dev.jobs.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What to run, parsed from the command line.
 *
 * @param scenarios the scenarios, in run order
 * @param stores the stores, in run order
 * @param jobs jobs per drain
 * @param duration how long the steady-state run lasts
 * @param rate the steady-state enqueue rate, in jobs per second
 * @param jdbcUrl the PostgreSQL URL
 * @param mariadbUrl the MariaDB URL
 * @param out where the CSV goes
 * @param quick whether to shorten every scenario (a smoke run, not for figures)
 * @param concurrency the drains' concurrencies, in run order
 * @param engineSynchronousCommit whether the PostgreSQL store's claims and outcomes wait
 * for the WAL flush (off by default, as in the store)
 */
record Options(List<Scenario> scenarios, List<StoreKind> stores, int jobs, Duration duration, int rate, String jdbcUrl,
		String mariadbUrl, Path out, boolean quick, List<Integer> concurrency, boolean engineSynchronousCommit) {

	static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

	static final String JDBC_URL_VARIABLE = "JOBS_BENCH_JDBC_URL";

	static final String DEFAULT_MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

	static final String MARIADB_URL_VARIABLE = "JOBS_BENCH_MARIADB_URL";

	/** The stores run when none is named: MariaDB only when asked for. */
	static final List<StoreKind> DEFAULT_STORES = List.of(StoreKind.MEMORY, StoreKind.H2, StoreKind.POSTGRES);

	static final int DEFAULT_JOBS = 100_000;

	static final int QUICK_JOBS = 10_000;

	static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);

	static final Duration QUICK_DURATION = Duration.ofSeconds(5);

	static final int DEFAULT_RATE = 1_000;

	static final List<Integer> DEFAULT_CONCURRENCY = List.of(8, 32, 128);

	static final String USAGE = """
			Usage: java -jar jobs-benchmarks.jar [scenario...] [options]

			Scenarios (all but soak, cluster, cost, dashboard, workflow, limits, drain-observed and drain-dashboard
			when none is named): %s

			Options:
			  --store memory|h2|postgres|mariadb
			                               run on one store (repeatable; default: memory, h2, postgres)
			  --jobs N                     jobs per drain (default %d; %d with --quick)
			  --duration SECONDS           length of the steady-state run (default %d; %d with --quick)
			  --rate JOBS_PER_SECOND       steady-state enqueue rate (default %d)
			  --concurrency N              drain at this concurrency only (repeatable; default %s)
			  --engine-synchronous-commit  PostgreSQL claims and outcomes wait for the WAL flush
			  --jdbc-url URL               PostgreSQL URL (default $%s, else %s)
			  --mariadb-url URL            MariaDB URL, a user that may create databases (default $%s, else %s)
			  --out DIR                    where results.csv goes (default target/benchmarks)
			  --quick                      shorter runs everywhere: a smoke test, not figures to quote
			  --help                       this text
			""";

	/**
	 * Parse the command line.
	 * @param args the arguments
	 * @param env the environment, for the PostgreSQL URL
	 * @return the options
	 * @throws IllegalArgumentException with a message that says what was wrong and what
	 * is accepted instead
	 */
	static Options parse(String[] args, Map<String, String> env) {
		Set<Scenario> scenarios = EnumSet.noneOf(Scenario.class);
		Set<StoreKind> stores = EnumSet.noneOf(StoreKind.class);
		Integer jobs = null;
		Duration duration = null;
		int rate = DEFAULT_RATE;
		String jdbcUrl = env.getOrDefault(JDBC_URL_VARIABLE, DEFAULT_JDBC_URL);
		String mariadbUrl = env.getOrDefault(MARIADB_URL_VARIABLE, DEFAULT_MARIADB_URL);
		Path out = Path.of("target", "benchmarks");
		boolean quick = false;
		Set<Integer> concurrency = new LinkedHashSet<>();
		boolean engineSynchronousCommit = false;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--store" -> stores.add(StoreKind.parse(value(args, ++i, arg)));
				case "--jobs" -> jobs = positive(value(args, ++i, arg), arg);
				case "--duration" -> duration = Duration.ofSeconds(positive(value(args, ++i, arg), arg));
				case "--rate" -> rate = positive(value(args, ++i, arg), arg);
				case "--jdbc-url" -> jdbcUrl = value(args, ++i, arg);
				case "--mariadb-url" -> mariadbUrl = value(args, ++i, arg);
				case "--out" -> out = Path.of(value(args, ++i, arg));
				case "--quick" -> quick = true;
				case "--engine-synchronous-commit" -> engineSynchronousCommit = true;
				case "--concurrency" -> concurrency.add(positive(value(args, ++i, arg), arg));
				default -> {
					if (arg.startsWith("--")) {
						throw new IllegalArgumentException("Unknown option '" + arg + "'; see --help");
					}
					scenarios.add(Scenario.parse(arg));
				}
			}
		}
		if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
			throw new IllegalArgumentException(
					"--jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db?user=...), but was '"
							+ jdbcUrl + "'");
		}
		if (!mariadbUrl.startsWith("jdbc:mariadb:")) {
			throw new IllegalArgumentException(
					"--mariadb-url must be a MariaDB JDBC URL (jdbc:mariadb://host:port/db?user=...), but was '"
							+ mariadbUrl + "'");
		}
		return new Options(List.copyOf(scenarios.isEmpty()
				? EnumSet.complementOf(EnumSet.of(Scenario.SOAK, Scenario.CLUSTER, Scenario.COST, Scenario.DASHBOARD,
						Scenario.WORKFLOW, Scenario.LIMITS, Scenario.DRAIN_OBSERVED, Scenario.DRAIN_DASHBOARD))
				: scenarios), stores.isEmpty() ? DEFAULT_STORES : List.copyOf(stores),
				(jobs != null) ? jobs : (quick ? QUICK_JOBS : DEFAULT_JOBS),
				(duration != null) ? duration : (quick ? QUICK_DURATION : DEFAULT_DURATION), rate, jdbcUrl, mariadbUrl,
				out, quick, concurrency.isEmpty() ? DEFAULT_CONCURRENCY : List.copyOf(concurrency),
				engineSynchronousCommit);
	}

	static boolean wantsHelp(String[] args) {
		return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
	}

	static String usage() {
		return USAGE.formatted(
				Arrays.stream(Scenario.values()).map(Scenario::cliName).collect(Collectors.joining(", ")), DEFAULT_JOBS,
				QUICK_JOBS, DEFAULT_DURATION.toSeconds(), QUICK_DURATION.toSeconds(), DEFAULT_RATE,
				DEFAULT_CONCURRENCY.stream().map(String::valueOf).collect(Collectors.joining(", ")), JDBC_URL_VARIABLE,
				DEFAULT_JDBC_URL, MARIADB_URL_VARIABLE, DEFAULT_MARIADB_URL);
	}

	/**
	 * Seconds of a time-boxed measurement: shorter with {@code --quick}.
	 * @param full the length of a full run
	 * @return the length to use
	 */
	Duration box(Duration full) {
		return this.quick ? full.dividedBy(3) : full;
	}

	/**
	 * How the command line reads back, for the report.
	 * @return the arguments that reproduce this run
	 */
	String describe() {
		List<String> parts = new ArrayList<>();
		this.scenarios.forEach((scenario) -> parts.add(scenario.cliName()));
		this.stores.forEach((store) -> parts.add("--store " + store.cliName()));
		parts.add("--jobs " + this.jobs);
		parts.add("--duration " + this.duration.toSeconds());
		parts.add("--rate " + this.rate);
		if (!this.concurrency.equals(DEFAULT_CONCURRENCY)) {
			this.concurrency.forEach((value) -> parts.add("--concurrency " + value));
		}
		if (this.engineSynchronousCommit) {
			parts.add("--engine-synchronous-commit");
		}
		if (this.quick) {
			parts.add("--quick");
		}
		return String.join(" ", parts);
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length || args[index].startsWith("--")) {
			throw new IllegalArgumentException(option + " needs a value; see --help");
		}
		return args[index];
	}

	private static int positive(String value, String option) {
		try {
			int parsed = Integer.parseInt(value.replace("_", "").replace(",", ""));
			if (parsed < 1) {
				throw new NumberFormatException();
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " must be a positive whole number, but was '" + value + "'");
		}
	}

	/**
	 * The scenarios, by their command-line names.
	 */
	enum Scenario {

		// The reference runs first on each database, so that its figures are there to
		// compare with whatever runs after it.
		RAW_SQL("raw-sql"), ENQUEUE("enqueue"), DRAIN("drain"), CLAIM_COST("claim-cost"), STEADY("steady"),
		LATENCY("latency"), DUE_LATENCY("due-latency"), IDLE_CPU("idle-cpu"),

		/** Observations off and on in turns: runs only when named. */
		DRAIN_OBSERVED("drain-observed"),

		/** Without and with the dashboard refreshing, in turns: runs only when named. */
		DRAIN_DASHBOARD("drain-dashboard"),

		/** Several minutes long: runs only when named. */
		SOAK("soak"),

		/** Starts JVMs of its own: runs only when named. */
		CLUSTER("cluster"),

		/** Reads the WAL back (PostgreSQL, superuser): runs only when named. */
		COST("cost"),

		/** Fills a table of a million rows: runs only when named. */
		DASHBOARD("dashboard"),

		/** Fan-out and join, and a chain of steps: runs only when named. */
		WORKFLOW("workflow"),

		/**
		 * Limits against unlimited drains, and a 30-second rate: runs only when named.
		 */
		LIMITS("limits");

		private final String cliName;

		Scenario(String cliName) {
			this.cliName = cliName;
		}

		String cliName() {
			return this.cliName;
		}

		static Scenario parse(String name) {
			for (Scenario scenario : values()) {
				if (scenario.cliName.equals(name.toLowerCase(Locale.ROOT))) {
					return scenario;
				}
			}
			throw new IllegalArgumentException("Unknown scenario '" + name + "'; known scenarios: "
					+ Arrays.stream(values()).map(Scenario::cliName).toList());
		}

	}

	/**
	 * The stores, by their command-line names.
	 */
	enum StoreKind {

		MEMORY("memory"), H2("h2"), POSTGRES("postgres"), MARIADB("mariadb");

		private final String cliName;

		StoreKind(String cliName) {
			this.cliName = cliName;
		}

		String cliName() {
			return this.cliName;
		}

		static StoreKind parse(String name) {
			for (StoreKind kind : values()) {
				if (kind.cliName.equals(name.toLowerCase(Locale.ROOT))) {
					return kind;
				}
			}
			throw new IllegalArgumentException("Unknown store '" + name + "'; known stores: "
					+ Arrays.stream(values()).map(StoreKind::cliName).toList());
		}

	}

}
