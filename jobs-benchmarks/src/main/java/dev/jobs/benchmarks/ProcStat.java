package dev.jobs.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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

	/**
	 * User and system CPU time of this whole process, threads that ended included.
	 * @return clock ticks
	 * @throws IOException where {@code /proc} cannot be read
	 */
	static long selfTicks() throws IOException {
		return ticks(Files.readString(Path.of("/proc/self/stat")));
	}

	/** CPU ticks of every PostgreSQL process on this machine, by process id. */
	static Map<Long, Long> serverTicks() {
		Map<Long, Long> ticks = new HashMap<>();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
			for (Path process : processes) {
				try {
					String line = Files.readString(process.resolve("stat"));
					if (!name(line).startsWith("postgres")) {
						continue;
					}
					ticks.put(Long.parseLong(process.getFileName().toString()), ticks(line));
				}
				catch (IOException | RuntimeException ex) {
					// Ended since the listing, or not ours to read.
				}
			}
		}
		catch (IOException ex) {
			// Not Linux.
		}
		return ticks;
	}

}
