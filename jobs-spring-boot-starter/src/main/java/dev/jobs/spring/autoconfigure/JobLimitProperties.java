package dev.jobs.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The cluster-wide limits of one job kind, under {@code jobs.limits.<kind>}. Unset
 * options do not limit. Every node that runs the kind should have the same limits; a
 * change applies as nodes restart, to stored jobs too.
 */
public class JobLimitProperties {

	/**
	 * Most jobs of the kind executing at once across the cluster.
	 */
	private @Nullable Integer concurrency;

	/**
	 * Most jobs of the kind with one limit key executing at once across the cluster; 1
	 * runs each key's jobs one at a time (a mutex per key).
	 */
	private @Nullable Integer concurrencyPerKey;

	/**
	 * Most jobs of the kind started per period across the cluster, on a sliding window,
	 * written as a count, a slash and a period, such as 100/1m, 5/s or 1000/500ms.
	 */
	private @Nullable String rate;

	/**
	 * Most jobs of the kind with one limit key started per period across the cluster,
	 * written as for rate.
	 */
	private @Nullable String ratePerKey;

	public @Nullable Integer getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(@Nullable Integer concurrency) {
		this.concurrency = concurrency;
	}

	public @Nullable Integer getConcurrencyPerKey() {
		return this.concurrencyPerKey;
	}

	public void setConcurrencyPerKey(@Nullable Integer concurrencyPerKey) {
		this.concurrencyPerKey = concurrencyPerKey;
	}

	public @Nullable String getRate() {
		return this.rate;
	}

	public void setRate(@Nullable String rate) {
		this.rate = rate;
	}

	public @Nullable String getRatePerKey() {
		return this.ratePerKey;
	}

	public void setRatePerKey(@Nullable String ratePerKey) {
		this.ratePerKey = ratePerKey;
	}

}
