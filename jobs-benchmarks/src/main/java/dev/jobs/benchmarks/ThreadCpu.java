package dev.jobs.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The CPU time of this JVM's threads, native ones included (JIT compilers, garbage
 * collector), read from {@code /proc/self/task} and grouped by what the thread does: what
 * a node spends its CPU on, which {@code ThreadMXBean} cannot tell for the JVM's own
 * threads. Empty where {@code /proc} cannot be read.
 */
final class ThreadCpu {

	private ThreadCpu() {
	}

	/**
	 * CPU ticks per thread, by thread id.
	 * @return the ticks and the thread's group, by thread id
	 */
	static Map<String, long[]> snapshot() {
		Map<String, long[]> ticks = new TreeMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
			for (Path task : tasks) {
				try {
					String line = Files.readString(task.resolve("stat"));
					ticks.put(task.getFileName() + " " + group(ProcStat.name(line)),
							new long[] { ProcStat.ticks(line) });
				}
				catch (IOException | RuntimeException ex) {
					// Ended since the listing.
				}
			}
		}
		catch (IOException ex) {
			// Not Linux.
		}
		return ticks;
	}

	/**
	 * Wait until the JIT compilers used no CPU for a second (they work through what the
	 * warm-up queued), or at most the patience.
	 * @param patience the longest wait
	 * @return what the wait took and the compilers' CPU during it
	 */
	static String awaitCompilersIdle(Duration patience) throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + patience.toNanos();
		long first = compilerTicks();
		long last = first;
		int quiet = 0;
		while (quiet < 4 && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(250);
			long now = compilerTicks();
			quiet = (now == last) ? quiet + 1 : 0;
			last = now;
		}
		return String.format(Locale.ROOT, "in %d ms, jit %d ms", (System.nanoTime() - start) / 1_000_000,
				(last - first) * 1000 / ProcStat.TICKS_PER_SECOND);
	}

	/**
	 * The CPU time of this JVM's JIT compiler threads, those alive now.
	 * @return milliseconds, or 0 where {@code /proc} cannot be read
	 */
	static long compilerMillis() {
		return compilerTicks() * 1000 / ProcStat.TICKS_PER_SECOND;
	}

	private static long compilerTicks() {
		return snapshot().entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith(" jit"))
			.mapToLong((entry) -> entry.getValue()[0])
			.sum();
	}

	/**
	 * The CPU time of this whole process, threads that ended included.
	 * @return milliseconds, or 0 where {@code /proc} cannot be read
	 */
	static long processMillis() {
		try {
			return ProcStat.selfTicks() * 1000 / ProcStat.TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * Milliseconds of CPU per group between two snapshots, largest first.
	 * @param before the first snapshot
	 * @param after the second
	 * @return milliseconds by group, with the total under {@code total}
	 */
	static Map<String, Long> millis(Map<String, long[]> before, Map<String, long[]> after) {
		Map<String, Long> byGroup = new TreeMap<>();
		long total = 0;
		for (Map.Entry<String, long[]> thread : after.entrySet()) {
			long[] start = before.get(thread.getKey());
			long used = thread.getValue()[0] - ((start != null) ? start[0] : 0);
			String group = thread.getKey().substring(thread.getKey().indexOf(' ') + 1);
			byGroup.merge(group, used, Long::sum);
			total += used;
		}
		Map<String, Long> millis = new LinkedHashMap<>();
		millis.put("total", total * 1000 / ProcStat.TICKS_PER_SECOND);
		byGroup.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 0)
			.sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
			.forEach((entry) -> millis.put(entry.getKey(), entry.getValue() * 1000 / ProcStat.TICKS_PER_SECOND));
		return millis;
	}

	private static String group(String name) {
		if (name.startsWith("jobs-worker")) {
			return "workers";
		}
		if (name.startsWith("jobs-producer")) {
			return "producer";
		}
		if (name.startsWith("jobs-")) {
			return name.substring("jobs-".length());
		}
		if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
			return "jit";
		}
		if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
			return "gc+vm";
		}
		if (name.startsWith("HikariPool") || name.startsWith("cluster-")) {
			return "pool";
		}
		return "other";
	}

}
