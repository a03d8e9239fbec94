package dev.jobs.store;

import java.time.Instant;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link JobStore#complete}: every {@link Completion.Result}, the guard on
 * {@link JobState#EXECUTING}, and the error history.
 */
public interface CompleteContract extends JobStoreFixture {

	@Test
	default void completeMarksTheJobCompleted() {
		Job job = executing("a");
		assertThat(store().complete(List.of(Completion.completed(job, at(2))))).isOne();
		Job completed = reload(job);
		assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
		assertThat(completed.finishedAt()).isEqualTo(at(2));
		assertThat(completed.attempt()).isOne();
		assertThat(completed.errors()).isEmpty();
	}

	@Test
	default void completeWithRetryableSchedulesTheNextAttemptAndRecordsTheError() {
		Job job = executing("a");
		JobError error = failure(1, at(2));
		store().complete(List.of(Completion.retry(job, at(2), at(60), error)));
		Job retryable = reload(job);
		assertThat(retryable.state()).isEqualTo(JobState.RETRYABLE);
		assertThat(retryable.scheduledAt()).isEqualTo(at(60));
		assertThat(retryable.errors()).containsExactly(error);
		assertThat(retryable.attempt()).isOne();
		assertThat(retryable.finishedAt()).isNull();
	}

	@Test
	default void completeWithDiscardedFinishesTheJobWithItsError() {
		Job job = executing("a");
		JobError error = failure(1, at(2));
		store().complete(List.of(Completion.discard(job, at(2), error)));
		Job discarded = reload(job);
		assertThat(discarded.state()).isEqualTo(JobState.DISCARDED);
		assertThat(discarded.finishedAt()).isEqualTo(at(2));
		assertThat(discarded.errors()).containsExactly(error);
	}

	@Test
	default void completeWithCancelledFinishesTheJob() {
		Job job = executing("a");
		store().complete(List.of(Completion.cancel(job, at(2), null)));
		Job cancelled = reload(job);
		assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
		assertThat(cancelled.finishedAt()).isEqualTo(at(2));
		assertThat(cancelled.errors()).isEmpty();
	}

	@Test
	default void completeWithCancelledRecordsAnErrorWhenGiven() {
		Job job = executing("a");
		JobError error = new JobError(1, at(2), "Cancelled while running", null);
		store().complete(List.of(Completion.cancel(job, at(2), error)));
		assertThat(reload(job).errors()).containsExactly(error);
	}

	@Test
	default void completeWithSnoozedGivesBackTheAttemptAndSchedulesTheJob() {
		Job job = executing("a");
		store().complete(List.of(Completion.snooze(job, at(2), at(300))));
		Job snoozed = reload(job);
		assertThat(snoozed.state()).isEqualTo(JobState.SCHEDULED);
		assertThat(snoozed.attempt()).isZero();
		assertThat(snoozed.scheduledAt()).isEqualTo(at(300));
		assertThat(snoozed.errors()).isEmpty();
		assertThat(snoozed.finishedAt()).isNull();
	}

	@Test
	default void completeWithReleasedGivesBackTheAttemptAndMakesTheJobAvailable() {
		Job job = executing("a");
		store().complete(List.of(Completion.release(job, at(2))));
		Job released = reload(job);
		assertThat(released.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(released.attempt()).isZero();
		assertThat(released.scheduledAt()).isEqualTo(at(2));
		assertThat(executing(released, "node-b", at(3)).attempt()).isOne();
	}

	@Test
	default void completeRecordsEveryKindOfOutcomeInOneCall() {
		List<Job> jobs = List.of(executing("completed"), executing("retryable"), executing("discarded"),
				executing("cancelled"), executing("snoozed"), executing("released"));
		JobError error = failure(1, at(2));
		int updated = store().complete(
				List.of(Completion.completed(jobs.get(0), at(2)), Completion.retry(jobs.get(1), at(2), at(60), error),
						Completion.discard(jobs.get(2), at(2), error), Completion.cancel(jobs.get(3), at(2), null),
						Completion.snooze(jobs.get(4), at(2), at(90)), Completion.release(jobs.get(5), at(2))));
		assertThat(updated).isEqualTo(6);
		assertThat(store().findAll(jobs.stream().map(Job::id).toList()))
			.extracting(Job::kind, Job::state, Job::attempt, Job::scheduledAt, Job::finishedAt,
					(job) -> job.errors().size())
			.containsExactlyInAnyOrder(tuple("completed", JobState.COMPLETED, 1, T0, at(2), 0),
					tuple("retryable", JobState.RETRYABLE, 1, at(60), null, 1),
					tuple("discarded", JobState.DISCARDED, 1, T0, at(2), 1),
					tuple("cancelled", JobState.CANCELLED, 1, T0, at(2), 0),
					tuple("snoozed", JobState.SCHEDULED, 0, at(90), null, 0),
					tuple("released", JobState.AVAILABLE, 0, at(2), null, 0));
	}

	@Test
	default void completeTakesTheFirstOutcomeOfAJobGivenTwiceInOneCall() {
		Job job = executing("a");
		int updated = store()
			.complete(List.of(Completion.completed(job, at(2)), Completion.discard(job, at(3), failure(1, at(3)))));
		assertThat(updated).isOne();
		Job completed = reload(job);
		assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
		assertThat(completed.finishedAt()).isEqualTo(at(2));
		assertThat(completed.errors()).isEmpty();
	}

	@Test
	default void completeOfAnEmptyBatchUpdatesNothing() {
		assertThat(store().complete(List.of())).isZero();
	}

	@Test
	default void completeLeavesAJobThatIsNotExecutingAlone() {
		Job job = insertOne(job("a"));
		assertThat(store().complete(List.of(Completion.completed(job, at(2))))).isZero();
		assertThat(reload(job)).isEqualTo(job);
	}

	@Test
	default void completeLeavesAFinishedJobAlone() {
		Job completed = finished("a", Completion.Result.COMPLETED);
		assertThat(store().complete(List.of(Completion.discard(completed, at(9), failure(1, at(9)))))).isZero();
		assertThat(reload(completed)).isEqualTo(completed);
	}

	@Test
	default void completeLeavesARescuedJobAlone() {
		Job job = executing("a");
		store().rescue(new RescueParams(at(100), at(50), 10));
		Job rescued = reload(job);
		assertThat(store().complete(List.of(Completion.completed(job, at(101))))).isZero();
		assertThat(reload(job)).isEqualTo(rescued);
	}

	@Test
	default void completeIgnoresAnOutcomeOfAnEarlierAttempt() {
		Job first = executing("a");
		store().rescue(new RescueParams(at(100), at(50), 10));
		store().stage(new StageParams(at(100), 10));
		Job second = executing(reload(first), "node-b", at(101));
		assertThat(second.attempt()).isEqualTo(2);
		// The first attempt's node was taken for dead; its outcome arrives late.
		assertThat(store().complete(List.of(Completion.completed(first, at(102))))).isZero();
		assertThat(reload(second).state()).isEqualTo(JobState.EXECUTING);
		assertThat(store().complete(List.of(Completion.completed(second, at(103))))).isOne();
	}

	@Test
	default void completeCancelsAJobWhoseCancelWasRequestedInsteadOfRunningItAgain() {
		Job retried = executing("a");
		Job snoozed = executing("b");
		store().cancel(retried.id(), at(2));
		store().cancel(snoozed.id(), at(2));
		store().complete(List.of(Completion.retry(retried, at(3), at(60), failure(1, at(3))),
				Completion.snooze(snoozed, at(3), at(60))));
		assertThat(reload(retried).state()).isEqualTo(JobState.CANCELLED);
		assertThat(reload(retried).finishedAt()).isEqualTo(at(3));
		assertThat(reload(retried).errors()).hasSize(1);
		assertThat(reload(snoozed).state()).isEqualTo(JobState.CANCELLED);
		assertThat(reload(snoozed).cancelRequested()).isFalse();
	}

	@Test
	default void completeStoresAnErrorWhoseMessageHasANulCharacter() {
		Job job = executing("a");
		JobError error = new JobError(1, at(2), "java.io.IOException: bad byte \0 here", "trace \0");
		assertThat(store().complete(List.of(Completion.retry(job, at(2), at(60), error)))).isOne();
		assertThat(reload(job).errors()).singleElement()
			.satisfies((stored) -> assertThat(stored.error()).isEqualTo("java.io.IOException: bad byte \uFFFD here"));
	}

	@Test
	default void completeIgnoresAnOutcomeOfAnEarlierClaimOfTheSameAttempt() {
		Job first = executing("a");
		store().complete(List.of(Completion.snooze(first, at(2), at(10))));
		store().stage(new StageParams(at(10), 10));
		Job second = executing(reload(first), "node-b", at(11));
		assertThat(second.attempt()).isEqualTo(first.attempt());
		// The first claim's node hands the job back late (it took its claim for lost).
		assertThat(store().complete(List.of(Completion.release(first, at(12))))).isZero();
		assertThat(reload(second).state()).isEqualTo(JobState.EXECUTING);
	}

	@Test
	default void completeIgnoresUnknownJobs() {
		assertThat(store().complete(
				List.of(new Completion(Long.MAX_VALUE, 1, at(1), Completion.Result.COMPLETED, at(2), null, null))))
			.isZero();
	}

	@Test
	default void completeCountsOnlyTheJobsItUpdated() {
		Job executing = executing("a");
		Job available = insertOne(job("b"));
		int updated = store()
			.complete(List.of(Completion.completed(executing, at(2)), Completion.completed(available, at(2)),
					new Completion(Long.MAX_VALUE, 1, at(1), Completion.Result.COMPLETED, at(2), null, null)));
		assertThat(updated).isOne();
		assertThat(reload(available).state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void completeClearsACancelRequest() {
		Job job = executing("a");
		store().cancel(job.id(), at(2));
		store().complete(List.of(Completion.cancel(job, at(3), null)));
		assertThat(reload(job).cancelRequested()).isFalse();
		assertThat(store().cancelRequested(NODE)).isEmpty();
	}

	@Test
	default void errorsAccumulateInOrderAcrossAttempts() {
		Job job = executing("a");
		JobError first = failure(1, at(2));
		store().complete(List.of(Completion.retry(job, at(2), at(60), first)));
		store().stage(new StageParams(at(60), 10));
		Job second = executing(job, NODE, at(61));
		JobError withoutTrace = new JobError(2, at(62), "java.lang.IllegalStateException: no trace", null);
		store().complete(List.of(Completion.retry(second, at(62), at(120), withoutTrace)));
		store().stage(new StageParams(at(120), 10));
		Job third = executing(job, NODE, at(121));
		JobError last = failure(3, at(122));
		store().complete(List.of(Completion.discard(third, at(122), last)));
		assertThat(reload(job).errors()).containsExactly(first, withoutTrace, last);
		assertThat(reload(job).attempt()).isEqualTo(3);
	}

	@Test
	default void eachFailedAttemptKeepsItsNodeAndStart() {
		Job job = executing("a");
		JobError first = JobError.of(job, at(2), new IllegalStateException("first"));
		store().complete(List.of(Completion.retry(job, at(2), at(60), first)));
		store().stage(new StageParams(at(60), 10));
		Job second = executing(job, "node-2", at(61));
		JobError last = JobError.of(second, at(75), new IllegalStateException("second"));
		store().complete(List.of(Completion.discard(second, at(75), last)));
		assertThat(reload(job).errors())
			.extracting(JobError::attempt, JobError::node, JobError::startedAt, JobError::duration)
			.containsExactly(tuple(1, NODE, at(1), seconds(1)), tuple(2, "node-2", at(61), seconds(14)));
		assertThat(reload(job).errors()).containsExactly(first, last);
	}

	@Test
	default void errorsAreStoredExactly() {
		Job job = executing("a");
		Instant at = at(2);
		JobError error = new JobError(1, at,
				"java.lang.IllegalArgumentException: Zoë's \"args\" 😀 '; drop table jobs; --",
				"java.lang.IllegalArgumentException: Zoë\n\tat dev.jobs.Handler.run(Handler.java:7)\n\t... 3 more");
		store().complete(List.of(Completion.retry(job, at, at(60), error)));
		assertThat(reload(job).errors()).containsExactly(error);
	}

}
