package dev.jobs.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.store.Completion;
import dev.jobs.store.FetchParams;
import dev.jobs.store.JobStore;

/**
 * What one claim costs as the backlog grows: the engine's claim of 8 jobs (a small
 * queue's full claim) timed over a backlog of 1,000 and of 100,000 available jobs, each
 * claim's jobs completed at once so that the backlog stays the same size. A claim that
 * reads, sorts or locks the whole backlog shows up as a ratio far above 1.
 */
final class ClaimCostBenchmark {

	static final String NAME = "claim-cost";

	static final int[] BACKLOGS = { 1_000, 100_000 };

	static final int CLAIM = 8;

	private static final int WARM_UP_CLAIMS = 200;

	private static final int TIMED_CLAIMS = 500;

	private final Options options;

	ClaimCostBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) {
		double smallest = Double.NaN;
		for (int backlog : BACKLOGS) {
			target.reset();
			JobStore store = target.store();
			Engine.fill(store, backlog + (WARM_UP_CLAIMS + TIMED_CLAIMS) * CLAIM);
			target.jdbc().ifPresent(JdbcTables::analyze);
			claims(store, WARM_UP_CLAIMS);
			double micros = claims(store, this.options.quick() ? TIMED_CLAIMS / 5 : TIMED_CLAIMS);
			Result result = Result.of(NAME, target.name(), "backlog " + backlog, "µs per claim of " + CLAIM, micros);
			if (Double.isNaN(smallest)) {
				smallest = micros;
			}
			else {
				result = result
					.note(String.format("%.2f times the claim at a backlog of %d", micros / smallest, BACKLOGS[0]));
			}
			report.add(result);
		}
	}

	/**
	 * Claim and complete, timing only the claims.
	 * @return microseconds per claim
	 */
	private static double claims(JobStore store, int count) {
		long claiming = 0;
		for (int i = 0; i < count; i++) {
			Instant now = Instant.now();
			long started = System.nanoTime();
			List<Job> claimed = store.fetch(new FetchParams(Probe.QUEUE, CLAIM, "claim-cost", now));
			claiming += System.nanoTime() - started;
			List<Completion> completions = new ArrayList<>(claimed.size());
			claimed.forEach((job) -> completions.add(Completion.completed(job, now)));
			store.complete(completions);
		}
		return claiming / 1_000.0 / count;
	}

}
