package dev.jobs.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A row of times per job id, in arrays allocated once, up front: recording allocates
 * nothing. A map of boxed ids to small arrays held a few hundred thousand objects through
 * a fixed-rate run, which every young collection of the measured JVM copied: the harness
 * lengthened the very pauses it reports. Open addressing with linear probing;
 * thread-safe.
 */
final class TraceTable {

	private final int width;

	private final int mask;

	/** Job ids, 0 for a free slot (no job has id 0). */
	private final AtomicLongArray ids;

	private final AtomicLongArray values;

	/** The most jobs traced: about 200 MB of arrays. */
	static final int MAX_JOBS = 2_000_000;

	private final AtomicLong count = new AtomicLong();

	private final AtomicLong dropped = new AtomicLong();

	private final int capacity;

	/**
	 * A table for about this many jobs.
	 * @param expected the jobs to be traced (at most {@link #MAX_JOBS}); the writes of
	 * any more are dropped and counted
	 * @param width the values per job
	 */
	TraceTable(int expected, int width) {
		// Half full at most, so that probes stay short.
		int slots = Integer.highestOneBit(Math.min(Math.max(16, expected), MAX_JOBS) * 2 - 1) << 1;
		this.width = width;
		this.mask = slots - 1;
		this.capacity = slots / 2;
		this.ids = new AtomicLongArray(slots);
		this.values = new AtomicLongArray(slots * width);
	}

	/**
	 * Set a job's value.
	 * @param id the job, not 0
	 * @param column which value
	 * @param value the value
	 */
	void set(long id, int column, long value) {
		int slot = slot(id);
		if (slot >= 0) {
			this.values.set(slot * this.width + column, value);
		}
	}

	/**
	 * The rows of every job, in no order.
	 * @return a copy of each job's values
	 */
	List<long[]> rows() {
		List<long[]> rows = new ArrayList<>();
		for (int slot = 0; slot <= this.mask; slot++) {
			if (this.ids.get(slot) != 0) {
				long[] row = new long[this.width];
				for (int column = 0; column < this.width; column++) {
					row[column] = this.values.get(slot * this.width + column);
				}
				rows.add(row);
			}
		}
		return rows;
	}

	/**
	 * Writes dropped because the table was full.
	 * @return the count
	 */
	long dropped() {
		return this.dropped.get();
	}

	private int slot(long id) {
		int slot = Long.hashCode(id * 0x9E3779B97F4A7C15L) & this.mask;
		for (int probes = 0; probes <= this.mask; probes++) {
			long held = this.ids.get(slot);
			if (held == id) {
				return slot;
			}
			if (held == 0) {
				if (this.count.get() >= this.capacity) {
					this.dropped.incrementAndGet();
					return -1;
				}
				if (this.ids.compareAndSet(slot, 0, id)) {
					this.count.incrementAndGet();
					return slot;
				}
				continue;
			}
			slot = (slot + 1) & this.mask;
		}
		this.dropped.incrementAndGet();
		return -1;
	}

}
