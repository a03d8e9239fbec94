package dev.jobs.benchmarks;

/**
 * A line of Linux's {@code /proc/<pid>/stat} (or of a thread's
 * {@code /proc/<pid>/task/<tid>/stat}): the command's name, and the CPU time used.
 */
final class ProcStat {

	/** Linux's clock ticks per second in these files. */
	static final long TICKS_PER_SECOND = 100;

	private ProcStat() {
	}

	/**
	 * The command's name, between the parentheses (it may hold spaces and parentheses).
	 * @param line the file's line
	 * @return the name
	 */
	static String name(String line) {
		return line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
	}

	/**
	 * User and system CPU time: fields 14 and 15, counted after the name's closing
	 * parenthesis.
	 * @param line the file's line
	 * @return clock ticks
	 * @throws RuntimeException if the line is not such a line
	 */
	static long ticks(String line) {
		String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}
