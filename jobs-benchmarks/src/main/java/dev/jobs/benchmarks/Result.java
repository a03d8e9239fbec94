package dev.jobs.benchmarks;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One figure of a run.
 *
 * @param scenario the scenario, such as {@code drain}
 * @param store the store, such as {@code postgres}
 * @param variant what was varied, such as {@code concurrency 32}
 * @param metric what was measured, such as {@code jobs/s} or {@code p99 ms}
 * @param value the figure
 * @param reference the variant of the {@code raw-sql} figure on the same database that
 * this one compares with, or {@code null} when none applies
 * @param note anything a reader needs to judge the figure, or empty
 */
record Result(String scenario, String store, String variant, String metric, double value, @Nullable String reference,
		String note) {

	static final String RAW_SQL = "raw-sql";

	Result {
		Objects.requireNonNull(scenario, "scenario must not be null");
		Objects.requireNonNull(store, "store must not be null");
		Objects.requireNonNull(variant, "variant must not be null");
		Objects.requireNonNull(metric, "metric must not be null");
		Objects.requireNonNull(note, "note must not be null");
	}

	static Result of(String scenario, String store, String variant, String metric, double value) {
		return new Result(scenario, store, variant, metric, value, null, "");
	}

	/**
	 * Compare with a raw-SQL figure of the same store and metric.
	 * @param referenceVariant the raw-SQL figure's variant
	 * @return a copy that names its reference
	 */
	Result against(String referenceVariant) {
		return new Result(this.scenario, this.store, this.variant, this.metric, this.value, referenceVariant,
				this.note);
	}

	Result note(String note) {
		return new Result(this.scenario, this.store, this.variant, this.metric, this.value, this.reference, note);
	}

	/**
	 * Whether this is the reference that {@code other} names.
	 * @param other a figure that may name a reference
	 * @return true for the raw-SQL figure of the same store and metric with that variant
	 */
	boolean isReferenceOf(Result other) {
		return RAW_SQL.equals(this.scenario) && this.store.equals(other.store) && this.metric.equals(other.metric)
				&& this.variant.equals(other.reference);
	}

}
