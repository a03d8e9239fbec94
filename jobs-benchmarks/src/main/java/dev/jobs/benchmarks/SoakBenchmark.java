package dev.jobs.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.engine.PrunerConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;

/**
 * Soak: ten times {@code --jobs} (1,000,000 by default) no-op jobs through one supervisor
 * with the pruner on (completed jobs kept 10 s, pruned every second), fed so that about
 * {@link #BACKLOG} jobs wait at any time. Reports the throughput of the first and the
 * last tenth of the run, and the jobs table's size: it must stay bounded, and the end
 * must run within 20% of the start. JDBC stores only.
 */
final class SoakBenchmark {

	static final String NAME = "soak";

	private static final int BACKLOG = 20_000;

	private static final int CONCURRENCY = 128;

	private static final Duration RETENTION = Duration.ofSeconds(10);

	private final Options options;

	SoakBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		JdbcTables tables = target.jdbc().orElse(null);
		if (tables == null || !tables.postgres()) {
			System.err.println("soak runs on PostgreSQL only; skipped on " + target.name());
			return;
		}
		long total = 10L * this.options.jobs();
		target.reset();
		Workload workload = new Workload(false, 0);
		Supervisor supervisor = Engine.supervisor(target, workload, CONCURRENCY,
				(builder) -> builder.pruner(withPruning()));
		Feeder feeder = new Feeder(target, workload, total);
		long tenth = total / 10;
		List<Double> rates = new ArrayList<>();
		long maxBytes = 0;
		supervisor.start();
		feeder.start();
		try {
			long segmentStart = System.nanoTime();
			for (int segment = 1; segment <= 10; segment++) {
				long goal = segment * tenth;
				while (!workload.awaitWritten(goal, Duration.ofSeconds(1))) {
					maxBytes = Math.max(maxBytes, tables.jobsTableBytes());
					if (feeder.failure != null) {
						throw new IllegalStateException("Feeding the soak failed", feeder.failure);
					}
				}
				long now = System.nanoTime();
				rates.add(tenth / ((now - segmentStart) / 1e9));
				segmentStart = now;
				maxBytes = Math.max(maxBytes, tables.jobsTableBytes());
				System.err.printf("soak: %d of %d jobs, %.0f jobs/s, jobs table %.1f MB%n", goal, total,
						rates.get(rates.size() - 1), maxBytes / 1e6);
			}
		}
		finally {
			feeder.interrupt();
			feeder.join();
			supervisor.stop();
		}
		String variant = String.format("%,d jobs, pruner on (completed kept %ds)", total, RETENTION.toSeconds());
		double first = rates.get(0);
		double last = rates.get(rates.size() - 1);
		report.add(Result.of(NAME, target.name(), variant, "jobs/s, first tenth", first));
		report.add(Result.of(NAME, target.name(), variant, "jobs/s, last tenth", last)
			.note(String.format("%.2f of the first tenth", last / first)));
		report.add(Result.of(NAME, target.name(), variant, "jobs table MB, largest", maxBytes / 1e6));
		report.add(Result.of(NAME, target.name(), variant, "jobs table MB, at the end", tables.jobsTableBytes() / 1e6));
		report.add(Result.of(NAME, target.name(), variant, "rows left at the end", tables.count("true")));
	}

	private static PrunerConfig withPruning() {
		PrunerConfig.Retention defaults = PrunerConfig.Retention.DEFAULT;
		return new PrunerConfig(Duration.ofSeconds(1),
				new PrunerConfig.Retention(RETENTION, defaults.cancelled(), defaults.discarded()), 10_000);
	}

	/**
	 * Keeps about {@link #BACKLOG} jobs waiting until all are in.
	 */
	private static final class Feeder extends Thread {

		private final Target target;

		private final Workload workload;

		private final long total;

		private volatile Exception failure;

		Feeder(Target target, Workload workload, long total) {
			super("soak-feeder");
			setDaemon(true);
			this.target = target;
			this.workload = workload;
			this.total = total;
		}

		@Override
		public void run() {
			long enqueued = 0;
			try {
				while (enqueued < this.total && !isInterrupted()) {
					if (enqueued - this.workload.written() >= BACKLOG) {
						// The harness's own pacing: feed again once the workers have
						// eaten into the backlog.
						Thread.sleep(2);
						continue;
					}
					int size = (int) Math.min(Engine.INSERT_BATCH, this.total - enqueued);
					Instant now = Instant.now();
					List<JobInsert> batch = new ArrayList<>(size);
					for (int i = 0; i < size; i++) {
						batch.add(JobInsert.of(Probe.QUEUE, Probe.KIND, Probe.UNTIMED_JSON, now));
					}
					this.target.store().insert(new InsertParams(batch, now));
					enqueued += size;
				}
			}
			catch (InterruptedException ex) {
				// Stopped with the run.
			}
			catch (Exception ex) {
				this.failure = ex;
			}
		}

	}

}
