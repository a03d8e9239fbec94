package dev.jobs.limit;

import dev.jobs.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one job kind across the cluster, enforced by the store inside the claim:
 * jobs held back by a limit stay available, spend no attempt, and do not hold up other
 * jobs of their queue. Immutable; each option method returns a copy.
 *
 * <pre class="code">
 * JobLimit.of("crm_sync").concurrencyPerKey(1);              // one per customer at a time
 * JobLimit.of("call_partner_api").rate(RateLimit.parse("100/1m"));
 * </pre>
 *
 * The key is the job's {@link dev.jobs.JobRequest#limitKey limit key}, given at enqueue;
 * jobs without a key count for the kind-wide limits only.
 *
 * @param kind the job kind
 * @param concurrency the most jobs of the kind executing at once, or {@code null}
 * @param concurrencyPerKey the most jobs of the kind with one key executing at once (1 is
 * a mutex per key), or {@code null}
 * @param rate the most jobs of the kind started per period, or {@code null}
 * @param ratePerKey the most jobs of the kind with one key started per period, or
 * {@code null}
 */
public record JobLimit(String kind, @Nullable Integer concurrency, @Nullable Integer concurrencyPerKey,
		@Nullable RateLimit rate, @Nullable RateLimit ratePerKey) {

	public JobLimit {
		Require.name(kind, "kind");
		if (concurrency != null) {
			Require.atLeast(concurrency, 1, "concurrency limit of kind '" + kind + "'");
		}
		if (concurrencyPerKey != null) {
			Require.atLeast(concurrencyPerKey, 1, "concurrencyPerKey limit of kind '" + kind + "'");
		}
	}

	/**
	 * A kind with no limit yet.
	 * @param kind the job kind
	 * @return the limit, to be given its options
	 */
	public static JobLimit of(String kind) {
		return new JobLimit(kind, null, null, null, null);
	}

	public JobLimit concurrency(int concurrency) {
		return new JobLimit(this.kind, concurrency, this.concurrencyPerKey, this.rate, this.ratePerKey);
	}

	public JobLimit concurrencyPerKey(int concurrencyPerKey) {
		return new JobLimit(this.kind, this.concurrency, concurrencyPerKey, this.rate, this.ratePerKey);
	}

	public JobLimit rate(RateLimit rate) {
		return new JobLimit(this.kind, this.concurrency, this.concurrencyPerKey, rate, this.ratePerKey);
	}

	public JobLimit ratePerKey(RateLimit ratePerKey) {
		return new JobLimit(this.kind, this.concurrency, this.concurrencyPerKey, this.rate, ratePerKey);
	}

	/**
	 * Whether it limits anything.
	 * @return false when every option is unset
	 */
	public boolean isEmpty() {
		return this.concurrency == null && this.concurrencyPerKey == null && this.rate == null
				&& this.ratePerKey == null;
	}

	/**
	 * Whether it limits starts per period, so that the claim logs each start.
	 * @return whether a rate is set
	 */
	public boolean hasRate() {
		return this.rate != null || this.ratePerKey != null;
	}

}
