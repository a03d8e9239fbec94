package dev.jobs.benchmarks;

import dev.jobs.benchmarks.Options.StoreKind;
import dev.jobs.store.JobStore;
import dev.jobs.store.memory.MemoryJobStore;

/**
 * The in-memory store: the engine's own ceiling, with no database in the way.
 */
final class MemoryTarget implements Target {

	/**
	 * Room for every job a time-boxed enqueue run can insert (the default bound of
	 * 100,000 unfinished jobs would make enqueue wait for workers, which the scenario
	 * does not run).
	 */
	static final MemoryJobStore.Config CONFIG = new MemoryJobStore.Config(EnqueueBenchmark.MAX_JOBS + 100_000,
			MemoryJobStore.Config.DEFAULT_ENQUEUE_TIMEOUT);

	private MemoryJobStore store = new MemoryJobStore(CONFIG);

	@Override
	public StoreKind kind() {
		return StoreKind.MEMORY;
	}

	@Override
	public JobStore store() {
		return this.store;
	}

	@Override
	public void reset() {
		this.store = new MemoryJobStore(CONFIG);
	}

	@Override
	public void close() {
	}

}
