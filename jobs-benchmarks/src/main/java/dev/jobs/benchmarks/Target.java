package dev.jobs.benchmarks;

import java.util.Optional;

import dev.jobs.benchmarks.Options.StoreKind;
import dev.jobs.store.JobStore;

/**
 * A store to measure, with a way to empty it between scenarios.
 */
interface Target extends AutoCloseable {

	StoreKind kind();

	default String name() {
		return kind().cliName();
	}

	/**
	 * The store; the same instance until the next {@link #reset()}.
	 * @return the store
	 */
	JobStore store();

	/**
	 * Forget every job, node and lease, so that the next scenario starts on empty tables.
	 */
	void reset();

	/**
	 * The database's jobs table, for the raw-SQL reference and for housekeeping.
	 * @return the table, or empty for the memory store
	 */
	default Optional<JdbcTables> jdbc() {
		return Optional.empty();
	}

	@Override
	void close();

}
