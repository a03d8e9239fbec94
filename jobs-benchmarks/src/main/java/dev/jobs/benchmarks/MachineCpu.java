package dev.jobs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the machine's CPUs did during a run, from {@code /proc}: how busy they were, and
 * how much of it was this JVM (the load generator and the engine) and PostgreSQL's
 * processes on this machine (every backend and background process). On a machine that the
 * database and the harness share, a latency measured near saturation is the machine's
 * queue as much as the engine's: this says how near.
 *
 * @param busyTicks ticks the CPUs spent on anything but idling or waiting for I/O
 * @param allTicks all ticks of all CPUs
 * @param jvmTicks ticks of this JVM
 * @param serverTicks ticks of each of PostgreSQL's processes, by process id
 */
record MachineCpu(long busyTicks, long allTicks, long jvmTicks, Map<Long, Long> serverTicks) {

	/**
	 * The counters now, or nothing off Linux.
	 * @return the counters
	 */
	static Optional<MachineCpu> read() {
		try {
			String cpus = Files.readAllLines(Path.of("/proc/stat")).get(0);
			long[] ticks = busyAndAll(cpus);
			return Optional.of(new MachineCpu(ticks[0], ticks[1], ProcStat.selfTicks(), ProcStat.serverTicks()));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The busy and all ticks of the {@code cpu} line of {@code /proc/stat} (user, nice,
	 * system, idle, iowait, irq, softirq, steal; guest time is counted in user already).
	 * @param line the line
	 * @return busy, then all
	 */
	static long[] busyAndAll(String line) {
		String[] fields = line.trim().split("\\s+");
		if (!fields[0].equals("cpu")) {
			throw new IllegalArgumentException("not the cpu line of /proc/stat: " + line);
		}
		long all = 0;
		long idle = 0;
		for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
			long value = Long.parseLong(fields[i]);
			all += value;
			if (i == 4 || i == 5) {
				idle += value;
			}
		}
		return new long[] { all - idle, all };
	}

	/**
	 * The counters from an earlier reading to this one.
	 * @param before the earlier reading
	 * @return the differences
	 */
	MachineCpu since(MachineCpu before) {
		// A process that ended in between is left out: what it used since the earlier
		// reading is gone with it.
		Map<Long, Long> server = new HashMap<>();
		this.serverTicks.forEach((pid, ticks) -> server.put(pid, ticks - before.serverTicks.getOrDefault(pid, 0L)));
		return new MachineCpu(this.busyTicks - before.busyTicks, this.allTicks - before.allTicks,
				this.jvmTicks - before.jvmTicks, server);
	}

	/**
	 * Say how busy the CPUs were, in CPUs' worth of time.
	 * @param cpus the machine's CPUs
	 * @return the note
	 */
	String note(int cpus) {
		if (this.allTicks <= 0) {
			return "machine CPU not measured";
		}
		double perCpu = (double) this.allTicks / cpus;
		double busy = this.busyTicks / perCpu;
		double jvm = this.jvmTicks / perCpu;
		double server = this.serverTicks.values().stream().mapToLong(Long::longValue).sum() / perCpu;
		return String.format(Locale.ROOT,
				"the machine's %d CPUs %.0f%% busy during the run: this JVM %.2f CPUs, PostgreSQL's processes %.2f, "
						+ "the rest %.2f",
				cpus, 100.0 * busy / cpus, jvm, server, Math.max(0, busy - jvm - server));
	}

}
