package dev.jobs.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.jobs.engine.Supervisor;

/**
 * Idle CPU: the process's CPU time over a quiet window with a started supervisor and no
 * jobs, next to the same window before it started. Busy polling would show as a large gap
 * between the two.
 */
final class IdleCpuBenchmark {

	static final String NAME = "idle-cpu";

	static final Duration WINDOW = Duration.ofSeconds(10);

	private final Options options;

	IdleCpuBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) {
		Duration window = this.options.box(WINDOW);
		target.reset();
		settle();
		double before = cpuPercent(window);
		Supervisor supervisor = Engine.supervisor(target, new Workload(false, 0), 32);
		supervisor.start();
		try {
			settle();
			double idle = cpuPercent(window);
			String variant = "supervisor idle, " + window.toSeconds() + " s";
			report.add(Result.of(NAME, target.name(), variant, "% of one core", idle));
			report.add(Result.of(NAME, target.name(), "no supervisor, " + window.toSeconds() + " s", "% of one core",
					before));
		}
		finally {
			supervisor.stop();
		}
	}

	private static void settle() {
		System.gc();
		LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
	}

	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/**
	 * The process's CPU use over a window, in percent of one core.
	 * @param window the window
	 * @return the use
	 */
	static double cpuPercent(Duration window) {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		long cpuBefore = os.getProcessCpuTime();
		long wallBefore = System.nanoTime();
		LockSupport.parkNanos(window.toNanos());
		long cpu = os.getProcessCpuTime() - cpuBefore;
		long wall = System.nanoTime() - wallBefore;
		return 100.0 * cpu / wall;
	}

}
