package dev.jobs.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import dev.jobs.benchmarks.Options.Scenario;
import dev.jobs.benchmarks.Options.StoreKind;

/**
 * Runs the benchmark scenarios on each store and prints a Markdown table (stdout) and a
 * CSV file. Progress goes to stderr.
 *
 * <pre>
 * java -jar jobs-benchmarks/target/jobs-benchmarks.jar [scenario...] [--store memory|h2|postgres] [--jobs N] ...
 * </pre>
 */
public final class Main {

	private Main() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		if (Options.wantsHelp(args)) {
			System.out.print(Options.usage());
			return;
		}
		Options options;
		try {
			options = Options.parse(args, System.getenv());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(Options.usage());
			System.exit(2);
			return;
		}
		System.exit(run(options));
	}

	static int run(Options options) throws IOException {
		Report report = new Report();
		System.err.println("jobs benchmarks: " + options.describe());
		int failures = 0;
		for (StoreKind kind : options.stores()) {
			System.err.println("== " + kind.cliName());
			try (Target target = Targets.open(kind, options)) {
				for (Scenario scenario : options.scenarios()) {
					System.err.println("-- " + scenario.cliName() + " on " + kind.cliName());
					run(scenario, options, target, report);
				}
			}
			catch (Exception ex) {
				failures++;
				System.err.println("FAILED on " + kind.cliName() + ": " + ex.getMessage());
				ex.printStackTrace();
			}
		}
		System.out.println();
		System.out.println("## jobs benchmarks, " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
		System.out.println();
		System.out.println("`" + options.describe() + "` on " + Runtime.getRuntime().availableProcessors()
				+ " CPUs, Java " + Runtime.version() + ", " + ManagementFactory.getRuntimeMXBean().getVmName());
		System.out.println();
		System.out.print(report.markdown());
		Path csv = report.writeCsv(options.out());
		System.err.println("CSV written to " + csv.toAbsolutePath());
		return (failures == 0) ? 0 : 1;
	}

	private static void run(Scenario scenario, Options options, Target target, Report report) throws Exception {
		switch (scenario) {
			case RAW_SQL -> new RawSqlBenchmark(options).run(target, report);
			case ENQUEUE -> new EnqueueBenchmark(options).run(target, report);
			case DRAIN -> new DrainBenchmark(options).run(target, report);
			case DRAIN_OBSERVED -> new ObservedDrainBenchmark(options).run(target, report);
			case DRAIN_DASHBOARD -> new DashboardDrainBenchmark(options).run(target, report);
			case CLAIM_COST -> new ClaimCostBenchmark(options).run(target, report);
			case STEADY -> new SteadyStateBenchmark(options).run(target, report);
			case LATENCY -> new IdleLatencyBenchmark(options).run(target, report);
			case DUE_LATENCY -> new DueLatencyBenchmark(options).run(target, report);
			case SOAK -> new SoakBenchmark(options).run(target, report);
			case CLUSTER -> new ClusterBenchmark(options).run(target, report);
			case COST -> new CostBenchmark(options).run(target, report);
			case WORKFLOW -> new WorkflowBenchmark(options).run(target, report);
			case IDLE_CPU -> new IdleCpuBenchmark(options).run(target, report);
			case DASHBOARD -> new DashboardBenchmark(options).run(target, report);
			case LIMITS -> new LimitsBenchmark(options).run(target, report);
		}
	}

}
