package dev.jobs.benchmarks;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.jobs.Job;
import org.jspecify.annotations.Nullable;

/**
 * Where the time of each job of a fixed-rate run went, from its stamp to its start: the
 * enqueue call (insert and commit), the wait until a claim that took it was sent, the
 * claim's round trip, and the hand-over to a worker. The note names what the slowest 1%
 * spent their time on, next to this JVM's collector pauses during the run, so that a tail
 * can be told apart: the database's commit, the producer's wake, the claim, the executor,
 * or the collector.
 */
final class StartTrace implements AutoCloseable {

	/** Index of each time in a job's row. */
	private static final int STAMP = 0, ENQUEUED = 1, CLAIM_SENT = 2, CLAIMED = 3, STARTED = 4, CLAIM_SIZE = 5;

	private final TraceTable jobs;

	private final List<long[]> pauses = new ArrayList<>();

	private final long uptimeBase = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;

	private final NotificationListener gcListener = (notification, handback) -> {
		if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
			GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
				.from((CompositeData) notification.getUserData());
			synchronized (this.pauses) {
				this.pauses.add(new long[] { this.uptimeBase + info.getGcInfo().getStartTime() * 1_000_000L,
						info.getGcInfo().getDuration() * 1_000_000L });
			}
		}
	};

	/** Hiccups of the JVM: when a 1 ms park overslept by more than a millisecond. */
	private final List<long[]> hiccups = new ArrayList<>();

	private volatile boolean open = true;

	private final Thread hiccupMeter = new Thread(this::meterHiccups, "bench-hiccup-meter");

	/**
	 * A trace of a run.
	 * @param expected about how many jobs the run enqueues
	 */
	StartTrace(int expected) {
		this.jobs = new TraceTable(expected, CLAIM_SIZE + 1);
		this.hiccupMeter.setDaemon(true);
		this.hiccupMeter.start();
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener(this.gcListener, null, null);
			}
		}
	}

	/**
	 * A thread that does nothing but sleep 1 ms at a time: when it wakes late, every
	 * thread of this JVM could have been held up as long (the machine's other work, the
	 * collector, the scheduler), whatever the engine does.
	 */
	private void meterHiccups() {
		while (this.open) {
			long before = System.nanoTime();
			java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
			long late = System.nanoTime() - before - 1_000_000;
			if (late > 1_000_000) {
				synchronized (this.hiccups) {
					this.hiccups.add(new long[] { before, late });
				}
			}
		}
	}

	void enqueued(long stamp, List<Job> jobs, long returnedNanos) {
		for (Job job : jobs) {
			this.jobs.set(job.id(), STAMP, stamp);
			this.jobs.set(job.id(), ENQUEUED, returnedNanos);
		}
	}

	void claimed(long sentNanos, List<Job> jobs, long returnedNanos) {
		for (Job job : jobs) {
			this.jobs.set(job.id(), CLAIM_SENT, sentNanos);
			this.jobs.set(job.id(), CLAIMED, returnedNanos);
			this.jobs.set(job.id(), CLAIM_SIZE, jobs.size());
		}
	}

	void started(long id, long nanos) {
		this.jobs.set(id, STARTED, nanos);
	}

	/**
	 * The slowest 1% by enqueue to start, and where their time went on average.
	 * @param runStart when the run started, for the offsets written to the file
	 * @param file where every job's times go as CSV, or {@code null}
	 * @return the note
	 */
	String note(long runStart, @Nullable Path file) {
		List<long[]> complete = new ArrayList<>();
		this.jobs.rows().forEach((row) -> {
			if (row[STAMP] != 0 && row[STARTED] != 0 && row[CLAIMED] != 0) {
				complete.add(row);
			}
		});
		complete.sort(Comparator.comparingLong((long[] row) -> row[STARTED] - row[STAMP]));
		int tail = Math.max(1, complete.size() / 100);
		List<long[]> slowest = complete.subList(complete.size() - tail, complete.size());
		double[] sums = new double[5];
		for (long[] row : slowest) {
			sums[0] += row[ENQUEUED] - row[STAMP];
			sums[1] += Math.max(0, row[CLAIM_SENT] - row[ENQUEUED]);
			sums[2] += row[CLAIMED] - row[CLAIM_SENT];
			sums[3] += row[STARTED] - row[CLAIMED];
			sums[4] += row[CLAIM_SIZE];
		}
		List<long[]> runHiccups;
		synchronized (this.hiccups) {
			runHiccups = this.hiccups.stream().filter((hiccup) -> hiccup[0] >= runStart).toList();
		}
		long hiccupsOver5 = runHiccups.stream().filter((hiccup) -> hiccup[1] >= 5_000_000).count();
		long longestHiccup = runHiccups.stream().mapToLong((hiccup) -> hiccup[1]).max().orElse(0);
		long slowInHiccup = slowest.stream().filter((row) -> overlaps(row, runHiccups)).count();
		List<long[]> runPauses = pausesAfter(runStart);
		long pauseNanos = runPauses.stream().mapToLong((pause) -> pause[1]).sum();
		long longest = runPauses.stream().mapToLong((pause) -> pause[1]).max().orElse(0);
		ClaimGaps gaps = ClaimGaps.of(claims(complete));
		SlowWindows windows = SlowWindows.of(runStart,
				complete.stream().map((row) -> new long[] { row[STAMP], row[STARTED] }).toList());
		write(file, complete, runStart);
		return String.format(Locale.ROOT,
				"slowest 1%% (%d jobs%s), mean ms: enqueue call %.2f, to claim sent %.2f, claim %.2f, to start %.2f; "
						+ "%.0f jobs per claim; %d collector pauses, %.0f ms in all, longest %.0f ms; "
						+ "%d hiccups of this JVM of 5 ms or more (a 1 ms sleep woke that late), longest %.0f ms; "
						+ "%d of the slowest 1%% waited through a hiccup of 5 ms or more; "
						+ "%d times no claim went out for %d ms or more while a job waited, longest %.0f ms; %s",
				tail,
				(this.jobs.dropped() > 0) ? "; " + this.jobs.dropped() + " writes of jobs beyond the trace's "
						+ TraceTable.MAX_JOBS + " dropped" : "",
				sums[0] / tail / 1e6, sums[1] / tail / 1e6, sums[2] / tail / 1e6, sums[3] / tail / 1e6, sums[4] / tail,
				runPauses.size(), pauseNanos / 1e6, longest / 1e6, hiccupsOver5, longestHiccup / 1e6, slowInHiccup,
				gaps.count(), ClaimGaps.THRESHOLD_NANOS / 1_000_000, gaps.longestNanos() / 1e6, windows.describe());
	}

	/**
	 * The claims that took the traced jobs: when each was sent and returned, and the
	 * earliest commit among its jobs.
	 */
	private static Collection<long[]> claims(List<long[]> rows) {
		Map<Long, long[]> bySent = new HashMap<>();
		for (long[] row : rows) {
			bySent.merge(row[CLAIM_SENT], new long[] { row[CLAIM_SENT], row[CLAIMED], row[ENQUEUED] }, (claim, job) -> {
				claim[2] = Math.min(claim[2], job[2]);
				return claim;
			});
		}
		return bySent.values();
	}

	private static boolean overlaps(long[] row, List<long[]> hiccups) {
		for (long[] hiccup : hiccups) {
			long from = hiccup[0];
			long to = hiccup[0] + hiccup[1] + 1_000_000;
			if (hiccup[1] >= 5_000_000 && from < row[STARTED] && to > row[STAMP]) {
				return true;
			}
		}
		return false;
	}

	private List<long[]> pausesAfter(long runStart) {
		synchronized (this.pauses) {
			return this.pauses.stream().filter((pause) -> pause[0] >= runStart).toList();
		}
	}

	private void write(@Nullable Path file, List<long[]> rows, long runStart) {
		if (file == null) {
			return;
		}
		try {
			Files.createDirectories(file.getParent());
			try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
				out.println("stamp_ms,enqueue_ms,to_claim_sent_ms,claim_ms,to_start_ms,total_ms,claim_size");
				rows.stream().sorted(Comparator.comparingLong((long[] row) -> row[STAMP])).forEach((row) -> {
					out.printf(Locale.ROOT, "%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d%n", (row[STAMP] - runStart) / 1e6,
							(row[ENQUEUED] - row[STAMP]) / 1e6, (row[CLAIM_SENT] - row[ENQUEUED]) / 1e6,
							(row[CLAIMED] - row[CLAIM_SENT]) / 1e6, (row[STARTED] - row[CLAIMED]) / 1e6,
							(row[STARTED] - row[STAMP]) / 1e6, row[CLAIM_SIZE]);
				});
				synchronized (this.hiccups) {
					for (long[] hiccup : this.hiccups) {
						if (hiccup[0] >= runStart) {
							out.printf(Locale.ROOT, "# hiccup at %.3f ms for %.3f ms%n", (hiccup[0] - runStart) / 1e6,
									hiccup[1] / 1e6);
						}
					}
				}
				for (long[] pause : pausesAfter(runStart)) {
					out.printf(Locale.ROOT, "# gc at %.3f ms for %.3f ms%n", (pause[0] - runStart) / 1e6,
							pause[1] / 1e6);
				}
				// The wall-clock start, to line the trace up with the database server's
				// log.
				out.println("# run started at " + Instant.now().minusNanos(System.nanoTime() - runStart));
			}
		}
		catch (IOException ex) {
			System.err.println("    could not write " + file + ": " + ex);
		}
	}

	@Override
	public void close() {
		this.open = false;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (collector instanceof NotificationEmitter emitter) {
				try {
					emitter.removeNotificationListener(this.gcListener);
				}
				catch (javax.management.ListenerNotFoundException ex) {
					// Never added.
				}
			}
		}
	}

}
