package dev.jobs.spring.test;

import java.util.List;

import dev.jobs.Job;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the jobs a test enqueued: {@code assertThat(jobs.enqueued())}.
 */
public final class EnqueuedJobsAssert extends AbstractAssert<EnqueuedJobsAssert, EnqueuedJobs> {

	EnqueuedJobsAssert(EnqueuedJobs actual) {
		super(actual, EnqueuedJobsAssert.class);
	}

	/**
	 * Verify that at least one job of a kind was enqueued; narrow the match further with
	 * the returned assertion.
	 * @param kind the kind
	 * @return an assertion on the jobs of that kind
	 */
	public EnqueuedJobAssert hasEnqueued(String kind) {
		isNotNull();
		List<Job> ofKind = this.actual.ofKind(kind);
		if (ofKind.isEmpty()) {
			failWithMessage("Expected a job of kind '%s' to be enqueued, but the jobs enqueued were %s", kind,
					EnqueuedJobAssert.describe(this.actual.all()));
		}
		return new EnqueuedJobAssert(this.actual, kind, ofKind);
	}

	/**
	 * Verify that no job of a kind was enqueued.
	 * @param kind the kind
	 * @return this assertion
	 */
	public EnqueuedJobsAssert hasNotEnqueued(String kind) {
		isNotNull();
		List<Job> ofKind = this.actual.ofKind(kind);
		if (!ofKind.isEmpty()) {
			failWithMessage("Expected no job of kind '%s' to be enqueued, but found %s", kind,
					EnqueuedJobAssert.describe(ofKind));
		}
		return this;
	}

	/**
	 * Verify that no job at all was enqueued.
	 * @return this assertion
	 */
	public EnqueuedJobsAssert hasNoneEnqueued() {
		isNotNull();
		if (!this.actual.all().isEmpty()) {
			failWithMessage("Expected no job to be enqueued, but found %s",
					EnqueuedJobAssert.describe(this.actual.all()));
		}
		return this;
	}

}
