package dev.jobs.store;

import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JobStore#cancel}, {@link JobStore#retry}, {@link JobStore#deleteAvailable} and
 * {@link JobStore#deleteWaiting}: what operators do by hand.
 */
public interface ControlContract extends JobStoreFixture {

	@Test
	default void cancelFinishesAnAvailableJob() {
		Job job = insertOne(job("a"));
		Job cancelled = store().cancel(job.id(), at(5)).orElseThrow();
		assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
		assertThat(cancelled.finishedAt()).isEqualTo(at(5));
		assertThat(reload(job)).isEqualTo(cancelled);
	}

	@Test
	default void cancelFinishesAScheduledJob() {
		Job job = insertOne(scheduled("a", at(60)));
		assertThat(store().cancel(job.id(), at(5)).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
		assertThat(store().stage(new StageParams(at(60), 10)).staged()).isZero();
	}

	@Test
	default void cancelFinishesARetryableJob() {
		Job job = finished("a", Completion.Result.RETRYABLE);
		Job cancelled = store().cancel(job.id(), at(5)).orElseThrow();
		assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
		assertThat(cancelled.errors()).isEqualTo(job.errors());
	}

	@Test
	default void cancelAsksTheNodeOfAnExecutingJobToStopIt() {
		Job job = executing("a");
		Job flagged = store().cancel(job.id(), at(5)).orElseThrow();
		assertThat(flagged.state()).isEqualTo(JobState.EXECUTING);
		assertThat(flagged.cancelRequested()).isTrue();
		assertThat(flagged.finishedAt()).isNull();
		assertThat(reload(job)).isEqualTo(flagged);
	}

	@Test
	default void cancelRequestedListsTheFlaggedJobsOfTheNode() {
		Job flagged = executing("a");
		executing("b");
		Job elsewhere = executing(insertOne(job("c")), "node-b", at(1));
		store().cancel(flagged.id(), at(5));
		store().cancel(elsewhere.id(), at(5));
		assertThat(store().cancelRequested(NODE)).containsExactly(flagged.id());
		assertThat(store().cancelRequested("node-c")).isEmpty();
	}

	@Test
	default void cancelLeavesAFinishedJobAlone() {
		Job completed = finished("a", Completion.Result.COMPLETED);
		assertThat(store().cancel(completed.id(), at(5))).contains(completed);
		assertThat(reload(completed)).isEqualTo(completed);
	}

	@Test
	default void cancelOfAnUnknownJobFindsNothing() {
		assertThat(store().cancel(Long.MAX_VALUE, at(5))).isEmpty();
	}

	@Test
	default void retryRunsADiscardedJobAgainNowWithOneMoreAttempt() {
		Job job = executing(withMaxAttempts("a", 1));
		store().complete(List.of(Completion.discard(job, at(2), failure(1, at(2)))));
		Job retried = store().retry(job.id(), at(10)).orElseThrow();
		assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(retried.scheduledAt()).isEqualTo(at(10));
		assertThat(retried.finishedAt()).isNull();
		assertThat(retried.maxAttempts()).isEqualTo(2);
		assertThat(retried.errors()).hasSize(1);
		assertThat(executing(retried, NODE, at(11)).attempt()).isEqualTo(2);
	}

	@Test
	default void retryRunsACompletedJobAgainNow() {
		Job completed = finished("a", Completion.Result.COMPLETED);
		Job retried = store().retry(completed.id(), at(10)).orElseThrow();
		assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(retried.scheduledAt()).isEqualTo(at(10));
		assertThat(retried.finishedAt()).isNull();
		assertThat(retried.maxAttempts()).isEqualTo(20);
	}

	@Test
	default void retryRunsACancelledJobAgainNow() {
		Job cancelled = finished("a", Completion.Result.CANCELLED);
		Job retried = store().retry(cancelled.id(), at(10)).orElseThrow();
		assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(reload(cancelled)).isEqualTo(retried);
	}

	@Test
	default void retryMakesAScheduledJobAvailableNow() {
		Job job = insertOne(scheduled("a", at(600)));
		Job retried = store().retry(job.id(), at(10)).orElseThrow();
		assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(retried.scheduledAt()).isEqualTo(at(10));
		assertThat(fetch(10, at(11))).extracting(Job::id).containsExactly(job.id());
	}

	@Test
	default void retryMakesARetryableJobAvailableNow() {
		Job job = finished("a", Completion.Result.RETRYABLE);
		Job retried = store().retry(job.id(), at(10)).orElseThrow();
		assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(retried.scheduledAt()).isEqualTo(at(10));
		assertThat(retried.errors()).isEqualTo(job.errors());
	}

	@Test
	default void retryLeavesAnAvailableJobAsItIs() {
		Job job = insertOne(job("a"));
		assertThat(store().retry(job.id(), at(10))).contains(job);
	}

	@Test
	default void retryLeavesAnExecutingJobAlone() {
		Job job = executing("a");
		assertThat(store().retry(job.id(), at(10))).contains(job);
		assertThat(reload(job)).isEqualTo(job);
	}

	@Test
	default void retryLeavesAFinishedJobAloneWhileAnotherJobHoldsItsUniqueKey() {
		// Running it again would run the unique work twice; the holder runs it instead.
		Job first = executing(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		store().complete(List.of(Completion.completed(first, at(2))));
		Job completed = reload(first);
		insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		assertThat(store().retry(first.id(), at(10))).contains(completed);
		assertThat(reload(first)).isEqualTo(completed);
	}

	@Test
	default void retryOfAnUnknownJobFindsNothing() {
		assertThat(store().retry(Long.MAX_VALUE, at(10))).isEmpty();
	}

	@Test
	default void deleteAvailableDeletesOnlyTheAvailableJobsOfTheQueue() {
		Job executing = executing("executing");
		List<Job> available = insert(job("a"), job("b"));
		Job scheduled = insertOne(scheduled("scheduled", at(60)));
		Job elsewhere = insertOne(job("other", "c"));
		assertThat(store().deleteAvailable(QUEUE, at(9))).isEqualTo(2);
		assertThat(store().findAll(available.stream().map(Job::id).toList())).isEmpty();
		assertThat(store().findAll(List.of(executing.id(), scheduled.id(), elsewhere.id()))).hasSize(3);
	}

	@Test
	default void deleteAvailableOfAnEmptyQueueDeletesNothing() {
		assertThat(store().deleteAvailable(QUEUE, at(9))).isZero();
	}

	@Test
	default void deleteWaitingDeletesTheAvailableScheduledAndRetryableJobsOfTheQueueOnly() {
		Job executing = executing("executing");
		Job completed = finished("completed", Completion.Result.COMPLETED);
		Job retryable = finished("retryable", Completion.Result.RETRYABLE);
		List<Job> available = insert(job("a"), job("b"));
		Job scheduled = insertOne(scheduled("scheduled", at(60)));
		Job elsewhere = insertOne(job("other", "c"));
		Job scheduledElsewhere = insertOne(
				new JobInsert("other", "d", "{}", 0, 20, at(60), null, UniqueStrategy.IGNORE, null));

		assertThat(store().deleteWaiting(QUEUE, at(9))).isEqualTo(4);

		assertThat(
				store().findAll(List.of(available.get(0).id(), available.get(1).id(), scheduled.id(), retryable.id())))
			.isEmpty();
		assertThat(store().findAll(List.of(executing.id(), completed.id(), elsewhere.id(), scheduledElsewhere.id())))
			.hasSize(4);
		assertThat(store().stage(new StageParams(at(3600), 10)).staged()).as("nothing left to stage in " + QUEUE)
			.isEqualTo(1);
		assertThat(store().deleteWaiting(QUEUE, at(9))).isZero();
	}

	@Test
	default void deleteWaitingFreesTheUniqueKeysOfTheDeletedJobs() {
		Job first = insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		assertThat(store().deleteWaiting(QUEUE, at(9))).isEqualTo(1);
		Job second = insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		assertThat(second.id()).isNotEqualTo(first.id());
		assertThat(second.state()).isEqualTo(JobState.AVAILABLE);
	}

}
