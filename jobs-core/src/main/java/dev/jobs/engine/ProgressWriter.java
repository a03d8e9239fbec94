package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobs.Job;
import dev.jobs.JobProgress;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress and log lines of running jobs, kept in memory and written to the store in one
 * batch per interval: a handler that reports a thousand times a second costs its job one
 * row write per interval, and all jobs that reported share one round trip. Each job's log
 * is bounded ({@link JobProgress#MAX_LINES} lines, {@link JobProgress#MAX_LOG_CHARS}
 * characters). Writing is best effort: a failed write is logged and the next interval
 * writes the latest state again.
 */
final class ProgressWriter implements Service {

	private static final Logger logger = LoggerFactory.getLogger(ProgressWriter.class);

	/** How often reports are written unless set. */
	static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

	private final JobStore store;

	private final Clock clock;

	private final Ticker ticker;

	private final Map<Long, Report> reports = new ConcurrentHashMap<>();

	ProgressWriter(JobStore store, Clock clock, Duration interval) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.ticker = new Ticker("jobs-progress", interval, this::flush);
	}

	void progress(Job job, @Nullable Double fraction, @Nullable Long done, @Nullable Long total) {
		report(job).progress(fraction, done, total);
	}

	void log(Job job, String line) {
		report(job).log(line);
	}

	/**
	 * The attempt ended: its last report is written at the next flush, then forgotten.
	 * @param job the job
	 */
	void ended(Job job) {
		Report report = this.reports.get(job.id());
		if (report != null) {
			report.end();
		}
	}

	private Report report(Job job) {
		return this.reports.compute(job.id(), (id, existing) -> (existing != null && existing.attempt == job.attempt())
				? existing : new Report(job.id(), job.attempt()));
	}

	/**
	 * Write every report that changed since the last flush, in one call to the store.
	 */
	void flush() {
		List<JobProgress> changed = new ArrayList<>();
		List<Report> ended = new ArrayList<>();
		for (Report report : this.reports.values()) {
			// Read before the snapshot: lines logged before the end are in it.
			if (report.isEnded()) {
				ended.add(report);
			}
			JobProgress snapshot = report.takeIfChanged(this.clock);
			if (snapshot != null) {
				changed.add(snapshot);
			}
		}
		if (!changed.isEmpty()) {
			try {
				this.store.saveProgress(changed);
			}
			catch (RuntimeException ex) {
				changed.forEach((snapshot) -> {
					Report report = this.reports.get(snapshot.jobId());
					if (report != null) {
						report.markChanged();
					}
				});
				logger.warn("Could not write the progress of {} job(s); trying again: {}", changed.size(),
						ex.toString());
				return;
			}
		}
		ended.forEach((report) -> this.reports.remove(report.jobId, report));
	}

	@Override
	public void start() {
		this.ticker.start();
	}

	@Override
	public void stop(Duration timeout) {
		this.ticker.stop(timeout);
		flush();
	}

	/**
	 * One attempt's latest progress and its bounded log; guarded by its own lock.
	 */
	private static final class Report {

		final long jobId;

		final int attempt;

		private @Nullable Double fraction;

		private @Nullable Long done;

		private @Nullable Long total;

		private final Deque<String> lines = new ArrayDeque<>();

		private int chars;

		private boolean changed;

		private volatile boolean ended;

		Report(long jobId, int attempt) {
			this.jobId = jobId;
			this.attempt = attempt;
		}

		synchronized void progress(@Nullable Double fraction, @Nullable Long done, @Nullable Long total) {
			this.fraction = fraction;
			this.done = done;
			this.total = total;
			this.changed = true;
		}

		synchronized void log(String line) {
			String kept = (line.length() > JobProgress.MAX_LINE_CHARS)
					? line.substring(0, JobProgress.MAX_LINE_CHARS - 1) + "\u2026" : line;
			this.lines.addLast(kept);
			this.chars += kept.length();
			while (this.lines.size() > JobProgress.MAX_LINES || this.chars > JobProgress.MAX_LOG_CHARS) {
				this.chars -= this.lines.removeFirst().length();
			}
			this.changed = true;
		}

		synchronized void markChanged() {
			this.changed = true;
		}

		void end() {
			this.ended = true;
		}

		boolean isEnded() {
			return this.ended;
		}

		synchronized @Nullable JobProgress takeIfChanged(Clock clock) {
			if (!this.changed) {
				return null;
			}
			this.changed = false;
			return new JobProgress(this.jobId, this.attempt, this.fraction, this.done, this.total,
					List.copyOf(this.lines), clock.instant());
		}

	}

}
