package dev.jobs.benchmarks;

import dev.jobs.benchmarks.Options.StoreKind;

/**
 * Opens the store to measure.
 */
final class Targets {

	private Targets() {
	}

	static Target open(StoreKind kind, Options options) {
		return switch (kind) {
			case MEMORY -> new MemoryTarget();
			case H2 -> JdbcTarget.h2();
			case POSTGRES -> JdbcTarget.postgres(options.jdbcUrl(), options.engineSynchronousCommit());
			case MARIADB -> JdbcTarget.mariadb(options.mariadbUrl());
		};
	}

}
