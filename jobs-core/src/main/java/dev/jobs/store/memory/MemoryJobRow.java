package dev.jobs.store.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobProgress;
import dev.jobs.JobState;
import dev.jobs.store.ClaimPosition;
import dev.jobs.store.JobInsert;
import org.jspecify.annotations.Nullable;

/**
 * A stored job; mutable, and touched only under the store's lock.
 */
final class MemoryJobRow {

	/** The order claims take available jobs in: highest priority, oldest, lowest id. */
	static final Comparator<MemoryJobRow> CLAIM_ORDER = ClaimPosition.claimOrder((row) -> row.priority,
			(row) -> row.scheduledAt, (row) -> row.id);

	/** The order scheduled and retryable jobs become due in. */
	static final Comparator<MemoryJobRow> DUE_ORDER = Comparator.comparing((MemoryJobRow row) -> row.scheduledAt)
		.thenComparingLong((row) -> row.id);

	final long id;

	final String queue;

	final String kind;

	final Instant insertedAt;

	final @Nullable String uniqueKey;

	final @Nullable String limitKey;

	final List<JobError> errors = new ArrayList<>();

	final List<String> tags;

	final Map<String, String> meta;

	String args;

	JobState state;

	int priority;

	int attempt;

	int maxAttempts;

	Instant scheduledAt;

	@Nullable Instant attemptedAt;

	@Nullable String attemptedBy;

	@Nullable Instant finishedAt;

	@Nullable Duration timeout;

	boolean cancelRequested;

	@Nullable JobProgress progress;

	boolean countedFinal;

	/** What the handler returned, as JSON. */
	@Nullable String result;

	/** Dependencies not finished yet, while pending. */
	int pendingDependencies;

	/** Whether other jobs depend on this one. */
	boolean hasDependents;

	@Nullable Long workflowId;

	@Nullable String step;

	/** Whether the step also waits for steps added to its workflow while it waits. */
	boolean awaitsAdded;

	MemoryJobRow(long id, JobInsert insert, Instant now) {
		this.id = id;
		this.queue = insert.queue();
		this.kind = insert.kind();
		this.args = insert.args();
		this.priority = insert.priority();
		this.maxAttempts = insert.maxAttempts();
		this.insertedAt = now;
		this.scheduledAt = insert.scheduledAt();
		this.uniqueKey = insert.uniqueKey();
		this.limitKey = insert.limitKey();
		this.timeout = insert.timeout();
		this.tags = insert.tags();
		this.meta = insert.meta();
		this.state = insert.scheduledAt().isAfter(now) ? JobState.SCHEDULED : JobState.AVAILABLE;
	}

	Job toJob() {
		return new Job(this.id, this.queue, this.kind, this.args, this.state, this.priority, this.attempt,
				this.maxAttempts, this.insertedAt, this.scheduledAt, this.attemptedAt, this.attemptedBy,
				this.finishedAt, this.errors, this.uniqueKey, this.timeout, this.cancelRequested, this.result,
				this.workflowId, this.step, this.limitKey, this.tags, this.meta);
	}

}
