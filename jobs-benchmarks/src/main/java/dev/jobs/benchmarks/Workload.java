package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobs.Job;
import dev.jobs.JobContext;
import dev.jobs.store.Completion;
import org.jspecify.annotations.Nullable;

/**
 * What one scenario run counts: claims, starts and written outcomes, with the times that
 * throughput and latency are computed from. It is both the no-op handler of {@link Probe}
 * jobs and the {@link MeteredStore.Meter} of the store.
 */
final class Workload implements MeteredStore.Meter {

	private final boolean timed;

	private final AtomicLong firstClaimNanos = new AtomicLong();

	private final AtomicLong started = new AtomicLong();

	private final AtomicLong claims = new AtomicLong();

	private final AtomicLong claimedJobs = new AtomicLong();

	private long writeCalls;

	private volatile long cpuNanos;

	/** The server's CPU time, or -1 when not read. */
	private volatile long serverCpuNanos = -1;

	private final Latencies toStart;

	private final Latencies toComplete;

	private final Map<Long, Long> enqueuedAt = new ConcurrentHashMap<>();

	private final Object writes = new Object();

	private long written;

	private long lastWriteNanos;

	private volatile @Nullable StartTrace trace;

	/**
	 * A workload.
	 * @param timed whether jobs carry their enqueue time and latencies are recorded
	 * @param expected about how many jobs, to size the latency samples
	 */
	Workload(boolean timed, int expected) {
		this.timed = timed;
		this.toStart = new Latencies(timed ? expected : 0);
		this.toComplete = new Latencies(timed ? expected : 0);
	}

	/**
	 * The handler: does nothing but count, and note when its job was enqueued.
	 * @param probe the args
	 * @param context the running job
	 */
	void run(Probe probe, JobContext context) {
		if (this.timed && probe.t() != 0) {
			long now = System.nanoTime();
			this.enqueuedAt.put(context.job().id(), probe.t());
			this.toStart.record(now - probe.t());
			StartTrace traced = this.trace;
			if (traced != null) {
				traced.started(context.job().id(), now);
			}
		}
		this.started.incrementAndGet();
	}

	@Override
	public void claimed(long startedNanos, List<Job> jobs) {
		this.firstClaimNanos.compareAndSet(0, startedNanos);
		this.claims.incrementAndGet();
		this.claimedJobs.addAndGet(jobs.size());
		StartTrace traced = this.trace;
		if (traced != null) {
			traced.claimed(startedNanos, jobs, System.nanoTime());
		}
	}

	/**
	 * Trace where each timed job's time goes.
	 * @param trace the trace
	 */
	void trace(StartTrace trace) {
		this.trace = trace;
	}

	@Override
	public void written(List<Completion> completions, int updated, long writtenNanos) {
		if (this.timed) {
			for (Completion completion : completions) {
				Long enqueued = this.enqueuedAt.remove(completion.id());
				if (enqueued != null) {
					this.toComplete.record(writtenNanos - enqueued);
				}
			}
		}
		synchronized (this.writes) {
			this.written += updated;
			this.writeCalls++;
			this.lastWriteNanos = writtenNanos;
			this.writes.notifyAll();
		}
	}

	/**
	 * Wait until at least {@code count} outcomes are written.
	 * @param count the outcomes
	 * @param timeout the longest wait
	 * @return whether they were
	 */
	boolean awaitWritten(long count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.writes) {
			while (this.written < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.writes.wait(Math.max(1, left / 1_000_000));
			}
			return true;
		}
	}

	long written() {
		synchronized (this.writes) {
			return this.written;
		}
	}

	long started() {
		return this.started.get();
	}

	/**
	 * Jobs per second from the first claim to the last write.
	 * @return the rate, or NaN before any write
	 */
	double throughput() {
		synchronized (this.writes) {
			long first = this.firstClaimNanos.get();
			if (first == 0 || this.written == 0) {
				return Double.NaN;
			}
			return this.written / ((this.lastWriteNanos - first) / 1e9);
		}
	}

	/**
	 * Note the CPU time this process spent on the work.
	 * @param nanos the process's CPU time
	 */
	void cpuNanos(long nanos) {
		this.cpuNanos = nanos;
	}

	/**
	 * Note the CPU time PostgreSQL's processes spent on the work, where it was read.
	 * @param nanos the server's CPU time
	 */
	void serverCpuNanos(long nanos) {
		this.serverCpuNanos = nanos;
	}

	/**
	 * How the work was batched, for the report.
	 * @return jobs per claim and outcomes per write
	 */
	String batching() {
		synchronized (this.writes) {
			return String.format(java.util.Locale.ROOT,
					"%.1f jobs per claim, %.1f outcomes per write, %.0f µs of this process's CPU per job",
					this.claimedJobs.get() / (double) Math.max(1, this.claims.get()),
					this.written / (double) Math.max(1, this.writeCalls),
					this.cpuNanos / 1000.0 / Math.max(1, this.written))
					+ ((this.serverCpuNanos < 0) ? ""
							: String.format(java.util.Locale.ROOT, ", %.0f µs of PostgreSQL's CPU per job",
									this.serverCpuNanos / 1000.0 / Math.max(1, this.written)));
		}
	}

	Latencies toStart() {
		return this.toStart;
	}

	Latencies toComplete() {
		return this.toComplete;
	}

}
