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
			case H2, POSTGRES -> throw new UnsupportedOperationException("JDBC stores are not wired yet");
		};
	}

}
