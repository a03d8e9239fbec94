package dev.jobs.store;

import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link JobStore#stats}, {@link JobStore#find}, {@link JobStore#findAll},
 * {@link JobStore#list} and {@link JobStore#executingIds}: reading jobs and figures.
 */
public interface QueryContract extends JobStoreFixture {

	@Test
	default void statsCountsTheJobsOfEveryQueueByState() {
		finished("e", Completion.Result.COMPLETED);
		insert(job("a"), job("b"), scheduled("c", at(60)));
		executing(insertOne(job("other", "d")), NODE, at(1));
		List<QueueStats> stats = store().stats(new StatsParams(T0));
		assertThat(stats).extracting(QueueStats::queue).containsExactly(QUEUE, "other");
		assertThat(stats.get(0).counts()).containsOnly(entry(JobState.AVAILABLE, 2L), entry(JobState.EXECUTING, 0L),
				entry(JobState.COMPLETED, 1L), entry(JobState.RETRYABLE, 0L), entry(JobState.DISCARDED, 0L),
				entry(JobState.CANCELLED, 0L), entry(JobState.SCHEDULED, 1L), entry(JobState.PENDING, 0L));
		assertThat(stats.get(1).count(JobState.EXECUTING)).isOne();
		assertThat(stats.get(1).count(JobState.AVAILABLE)).isZero();
	}

	@Test
	default void statsOfAnEmptyStoreListsNoQueues() {
		assertThat(store().stats(new StatsParams(T0))).isEmpty();
	}

	@Test
	default void statsReportsWhenTheOldestAvailableJobWasDue() {
		insert(job("a", 0, T0.minusSeconds(10)), job("b", 9, T0.minusSeconds(30)), scheduled("c", at(60)));
		assertThat(store().stats(new StatsParams(T0)).get(0).oldestAvailableAt()).isEqualTo(T0.minusSeconds(30));
	}

	@Test
	default void statsReportsNoOldestAvailableJobWhenNoneWaits() {
		insertOne(scheduled("a", at(60)));
		assertThat(store().stats(new StatsParams(T0)).get(0).oldestAvailableAt()).isNull();
	}

	@Test
	default void statsCountsCompletionsAndFailuresSinceTheGivenTime() {
		finished("old-completed", Completion.Result.COMPLETED);
		finished("old-discarded", Completion.Result.DISCARDED);
		finished("old-retryable", Completion.Result.RETRYABLE);
		Job completed = executing(insertOne(job("completed")), NODE, at(20));
		Job retryable = executing(insertOne(job("retryable")), NODE, at(20));
		Job discarded = executing(insertOne(job("discarded")), NODE, at(20));
		store().complete(List.of(Completion.completed(completed, at(21)),
				Completion.retry(retryable, at(21), at(90), failure(1, at(21))),
				Completion.discard(discarded, at(21), failure(1, at(21)))));
		QueueStats stats = store().stats(new StatsParams(at(10))).get(0);
		assertThat(stats.completedSince()).isOne();
		assertThat(stats.failedSince()).isEqualTo(2);
	}

	@Test
	default void findReturnsTheJob() {
		Job job = insertOne(job("a"));
		assertThat(store().find(job.id())).contains(job);
	}

	@Test
	default void findOfAnUnknownJobFindsNothing() {
		assertThat(store().find(Long.MAX_VALUE)).isEmpty();
	}

	@Test
	default void findAllReturnsTheJobsThatExist() {
		List<Job> jobs = insert(job("a"), job("b"), job("c"));
		assertThat(store().findAll(List.of(jobs.get(2).id(), Long.MAX_VALUE, jobs.get(0).id())))
			.containsExactlyInAnyOrder(jobs.get(0), jobs.get(2));
	}

	@Test
	default void findAllOfNoIdsFindsNothing() {
		insertOne(job("a"));
		assertThat(store().findAll(List.of())).isEmpty();
	}

	@Test
	default void listReturnsTheNewestJobsFirst() {
		insert(job("a"), job("b"), job("c"));
		assertThat(store().list(new ListParams(null, null, null, 10))).extracting(Job::kind)
			.containsExactly("c", "b", "a");
	}

	@Test
	default void listFiltersByQueue() {
		insert(job("a"), job("other", "b"), job("c"));
		assertThat(store().list(new ListParams("other", null, null, 10))).extracting(Job::kind).containsExactly("b");
	}

	@Test
	default void listFiltersByState() {
		insert(job("a"), scheduled("b", at(60)), job("other", "c"), scheduled("d", at(60)));
		assertThat(store().list(new ListParams(null, JobState.SCHEDULED, null, 10))).extracting(Job::kind)
			.containsExactly("d", "b");
	}

	@Test
	default void listFiltersByQueueAndState() {
		insert(job("a"), scheduled("b", at(60)),
				new JobInsert("other", "c", "{}", 0, 20, at(60), null, UniqueStrategy.IGNORE, null));
		assertThat(store().list(new ListParams(QUEUE, JobState.SCHEDULED, null, 10))).extracting(Job::kind)
			.containsExactly("b");
	}

	@Test
	default void listFiltersTheJobsExecutingOnOneNode() {
		Job mine = executing(insertOne(job("mine")), NODE, at(1));
		executing(insertOne(job("theirs")), "node-b", at(1));
		Job alsoMine = executing(insertOne(job("also-mine")), NODE, at(1));
		insert(job("waiting"));

		assertThat(store().list(ListParams.executingOn(NODE, null, 10))).extracting(Job::id)
			.containsExactly(alsoMine.id(), mine.id());
		assertThat(store().list(ListParams.executingOn(NODE, alsoMine.id(), 10))).extracting(Job::id)
			.containsExactly(mine.id());
		assertThat(store().list(ListParams.executingOn("node-c", null, 10))).isEmpty();
	}

	@Test
	default void executingIdsAreTheJobsANodeClaimedBeforeATime() {
		Job early = executing(insertOne(job("early")), NODE, at(1));
		Job late = executing(insertOne(job("late")), NODE, at(5));
		executing(insertOne(job("theirs")), "node-b", at(1));
		Job finished = executing(insertOne(job("finished")), NODE, at(1));
		store().complete(List.of(Completion.completed(finished, at(2))));
		insert(job("waiting"));

		assertThat(store().executingIds(NODE, at(5))).containsExactly(early.id());
		assertThat(store().executingIds(NODE, at(6))).containsExactlyInAnyOrder(early.id(), late.id());
		assertThat(store().executingIds(NODE, at(1))).as("claimed at that time, not before").isEmpty();
		assertThat(store().executingIds("node-c", at(6))).isEmpty();
	}

	@Test
	default void listPagesWithTheLastIdOfThePreviousPage() {
		insert(job("a"), job("b"), job("c"), job("d"), job("e"));
		List<Job> first = store().list(new ListParams(null, null, null, 2));
		List<Job> second = store().list(new ListParams(null, null, first.get(1).id(), 2));
		List<Job> third = store().list(new ListParams(null, null, second.get(1).id(), 2));
		assertThat(first).extracting(Job::kind).containsExactly("e", "d");
		assertThat(second).extracting(Job::kind).containsExactly("c", "b");
		assertThat(third).extracting(Job::kind).containsExactly("a");
		assertThat(store().list(new ListParams(null, null, third.get(0).id(), 2))).isEmpty();
	}

}
