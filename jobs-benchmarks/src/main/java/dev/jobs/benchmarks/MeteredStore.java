package dev.jobs.benchmarks;

import java.util.List;
import java.util.Objects;

import dev.jobs.Job;
import dev.jobs.store.Completion;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.FetchParams;
import dev.jobs.store.FetchResult;
import dev.jobs.store.JobStore;

/**
 * A store that tells a {@link Meter} when claims return and when outcomes are written, so
 * that a scenario times the store's work itself rather than the engine's events: a job
 * counts as done once its completed row is written, not when its handler returns.
 */
final class MeteredStore extends DelegatingJobStore {

	private final Meter meter;

	MeteredStore(JobStore delegate, Meter meter) {
		super(Objects.requireNonNull(delegate, "delegate must not be null"));
		this.meter = Objects.requireNonNull(meter, "meter must not be null");
	}

	@Override
	public List<Job> fetch(FetchParams params) {
		long started = System.nanoTime();
		List<Job> jobs = super.fetch(params);
		if (!jobs.isEmpty()) {
			this.meter.claimed(started, jobs);
		}
		return jobs;
	}

	@Override
	public FetchResult fetchWithinLimits(FetchParams params) {
		long started = System.nanoTime();
		FetchResult result = super.fetchWithinLimits(params);
		if (!result.jobs().isEmpty()) {
			this.meter.claimed(started, result.jobs());
		}
		return result;
	}

	@Override
	public int complete(List<Completion> completions) {
		int updated = super.complete(completions);
		this.meter.written(completions, updated, System.nanoTime());
		return updated;
	}

	/**
	 * Hears the store's claims and writes. Called on the engine's threads.
	 */
	interface Meter {

		/**
		 * A claim returned jobs.
		 * @param startedNanos when the claim was sent
		 * @param jobs the claimed jobs
		 */
		void claimed(long startedNanos, List<Job> jobs);

		/**
		 * Outcomes were written.
		 * @param completions the outcomes
		 * @param updated how many rows changed
		 * @param writtenNanos when the write returned
		 */
		void written(List<Completion> completions, int updated, long writtenNanos);

	}

}
