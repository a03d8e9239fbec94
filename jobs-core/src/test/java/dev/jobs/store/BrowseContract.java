package dev.jobs.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a dashboard reads and does through the store: filtered keyset pages, counts that
 * stop at a limit, figures by minute, the nodes, cron ticks, and bulk retry, cancel and
 * delete.
 */
public interface BrowseContract extends JobStoreFixture {

	@Test
	default void listFiltersByKindAndStatesNewestFirst() {
		Job discarded = finished("send", Completion.Result.DISCARDED);
		Job completed = finished("send", Completion.Result.COMPLETED);
		finished("resize", Completion.Result.DISCARDED);
		Job waiting = insertOne(job("send"));
		JobFilter filter = JobFilter.ALL.withKind("send").withStates(Set.of(JobState.DISCARDED, JobState.AVAILABLE));
		assertThat(store().list(new ListParams(filter, null, 10))).extracting(Job::id)
			.containsExactly(waiting.id(), discarded.id());
		assertThat(store().list(new ListParams(filter, waiting.id(), 10))).extracting(Job::id)
			.containsExactly(discarded.id());
		assertThat(store().list(new ListParams(JobFilter.ALL.withQueue("nowhere"), null, 10))).isEmpty();
		assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
	}

	@Test
	default void listFiltersByTheTimeEnqueued() {
		Job early = store().insert(new InsertParams(List.of(job("a")), at(0))).get(0);
		Job middle = store().insert(new InsertParams(List.of(job("b")), at(10))).get(0);
		store().insert(new InsertParams(List.of(job("c")), at(20)));
		assertThat(store().list(new ListParams(JobFilter.ALL.withInserted(at(0), at(20)), null, 10)))
			.extracting(Job::id)
			.containsExactly(middle.id(), early.id());
		assertThat(store().list(new ListParams(JobFilter.ALL.withInserted(at(5), null), null, 10)))
			.extracting(Job::kind)
			.containsExactly("c", "b");
	}

	@Test
	default void listFindsTextInArgsAndErrorsIgnoringCaseAndJobsById() {
		Job failed = finished("other", Completion.Result.DISCARDED);
		Job alice = insertOne(JobInsert.of(QUEUE, "mail", "{\"to\": \"Alice@Example.com\"}", T0));
		insertOne(JobInsert.of(QUEUE, "mail", "{\"to\": \"bob@example.com\"}", T0));
		assertThat(store().list(new ListParams(JobFilter.ALL.withText("alice@EXAMPLE"), null, 10)))
			.containsExactly(alice);
		assertThat(store().list(new ListParams(JobFilter.ALL.withText("BOOM 1"), null, 10))).extracting(Job::id)
			.containsExactly(failed.id());
		assertThat(store().list(new ListParams(JobFilter.ALL.withText(Long.toString(alice.id())), null, 10)))
			.extracting(Job::id)
			.contains(alice.id());
		assertThat(store().list(new ListParams(JobFilter.ALL.withText("carol"), null, 10))).isEmpty();
	}

	@Test
	default void listTakesWildcardsInTheTextLiterally() {
		Job percent = insertOne(JobInsert.of(QUEUE, "a", "{\"rate\": \"50%_off\"}", T0));
		insertOne(JobInsert.of(QUEUE, "a", "{\"rate\": \"50 off\"}", T0));
		assertThat(store().list(new ListParams(JobFilter.ALL.withText("%_"), null, 10))).extracting(Job::id)
			.containsExactly(percent.id());
		assertThat(store().list(new ListParams(JobFilter.ALL.withText("0!"), null, 10))).isEmpty();
	}

	@Test
	default void countStopsAtTheLimitAndSaysSo() {
		insert(job("a"), job("b"), job("c"), job("other", "d"));
		assertThat(store().count(JobFilter.of(QUEUE, JobState.AVAILABLE), 10)).isEqualTo(new JobCount(3, false));
		assertThat(store().count(JobFilter.of(QUEUE, JobState.AVAILABLE), 2)).isEqualTo(new JobCount(2, true));
		assertThat(store().count(JobFilter.ALL.withKind("d"), 10)).isEqualTo(new JobCount(1, false));
		assertThat(store().count(JobFilter.of(null, JobState.DISCARDED), 10)).isEqualTo(new JobCount(0, false));
	}

	@Test
	default void statsStopCountingAtTheLimitAndSaySo() {
		insert(job("a"), job("b"), job("c"), scheduled("d", at(60)));
		QueueStats stats = store().stats(new StatsParams(T0, 2)).get(0);
		assertThat(stats.count(JobState.AVAILABLE)).isEqualTo(2);
		assertThat(stats.count(JobState.SCHEDULED)).isOne();
		assertThat(stats.atLeast()).containsExactly(JobState.AVAILABLE);
		assertThat(store().stats(new StatsParams(T0)).get(0).atLeast()).isEmpty();
	}

	@Test
	default void throughputCountsCompletionsAndFailuresByMinute() {
		Job completed = executing(insertOne(job("completed")), NODE, at(1));
		Job discarded = executing(insertOne(job("discarded")), NODE, at(1));
		Job retried = executing(insertOne(job("other", "retried")), NODE, at(1));
		Job late = executing(insertOne(job("late")), NODE, at(1));
		store().complete(List.of(Completion.completed(completed, at(1)),
				Completion.discard(discarded, at(2), failure(1, at(2)))));
		store().complete(List.of(Completion.retry(retried, at(3), at(600), failure(1, at(3))),
				Completion.completed(late, at(70))));
		java.time.Instant minute = T0.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
		assertThat(store().throughput(T0, null)).containsExactly(new MinuteFigures(minute, 1, 2),
				new MinuteFigures(minute.plusSeconds(60), 1, 0));
		assertThat(store().throughput(T0, "other")).containsExactly(new MinuteFigures(minute, 0, 1));
		assertThat(store().throughput(at(120), null)).isEmpty();
	}

	@Test
	default void nodesShowTheirHeartbeatTheLeaderAndWhatEachRuns() {
		store().heartbeat(NODE, at(1));
		store().heartbeat("node-b", at(2));
		store().elect(new ElectParams("node-b", at(2), Duration.ofSeconds(30)));
		executing(insertOne(job("a")), NODE, at(3));
		executing(insertOne(job("other", "b")), NODE, at(3));
		assertThat(store().nodes(at(4))).containsExactly(
				new NodeStatus(NODE, at(1), false, java.util.Map.of(QUEUE, 1L, "other", 1L)),
				new NodeStatus("node-b", at(2), true, java.util.Map.of()));
		assertThat(store().nodes(at(60))).extracting(NodeStatus::leader).containsExactly(false, false);
	}

	@Test
	default void cronTicksHoldTheLastTickOfEachEntry() {
		store().recordCronTick("nightly", at(0));
		store().recordCronTick("nightly", at(60));
		store().recordCronTick("hourly", at(5));
		assertThat(store().cronTicks()).containsOnly(java.util.Map.entry("nightly", at(60)),
				java.util.Map.entry("hourly", at(5)));
	}

	@Test
	default void retryAllRetriesWhatCanRunAgainAndLeavesTheRest() {
		Job discarded = finished("a", Completion.Result.DISCARDED);
		Job cancelled = finished("b", Completion.Result.CANCELLED);
		Job running = executing(insertOne(job("other", "c")), NODE, at(3));
		Job available = insertOne(job("d"));
		BulkResult result = store()
			.retryAll(List.of(discarded.id(), cancelled.id(), running.id(), available.id(), Long.MAX_VALUE), at(10));
		assertThat(result).isEqualTo(new BulkResult(2, Set.of(QUEUE)));
		assertThat(reload(discarded).state()).isEqualTo(JobState.AVAILABLE);
		assertThat(reload(discarded).maxAttempts()).isGreaterThan(discarded.attempt());
		assertThat(reload(cancelled).state()).isEqualTo(JobState.AVAILABLE);
		assertThat(reload(running).state()).isEqualTo(JobState.EXECUTING);
	}

	@Test
	default void retryAllRetriesOnlyOneOfTwoJobsSharingAUniqueKey() {
		Job first = executing(insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}")), NODE, at(1));
		store().complete(List.of(Completion.completed(first, at(2))));
		Job second = executing(insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}")), NODE, at(3));
		store().complete(List.of(Completion.completed(second, at(4))));
		BulkResult result = store().retryAll(List.of(first.id(), second.id()), at(10));
		assertThat(result.changed()).isOne();
		assertThat(List.of(reload(first).state(), reload(second).state())).containsExactlyInAnyOrder(JobState.AVAILABLE,
				JobState.COMPLETED);
	}

	@Test
	default void cancelAllCancelsWaitingJobsAndAsksRunningOnesToStop() {
		Job done = finished("other-kind", Completion.Result.COMPLETED);
		Job running = executing(insertOne(job("a")), NODE, at(1));
		Job waiting = insertOne(job("b"));
		Job scheduled = insertOne(scheduled("c", at(60)));
		BulkResult result = store().cancelAll(List.of(running.id(), waiting.id(), scheduled.id(), done.id()), at(5));
		assertThat(result).isEqualTo(new BulkResult(3, Set.of(QUEUE)));
		assertThat(reload(waiting).state()).isEqualTo(JobState.CANCELLED);
		assertThat(reload(scheduled).state()).isEqualTo(JobState.CANCELLED);
		assertThat(reload(running).cancelRequested()).isTrue();
		assertThat(reload(done).state()).isEqualTo(JobState.COMPLETED);
		assertThat(store().cancelRequested(NODE)).containsExactly(running.id());
	}

	@Test
	default void deleteAllDeletesEveryJobButTheRunningOnes() {
		Job running = executing(insertOne(job("a")), NODE, at(1));
		Job waiting = insertOne(job("other", "b"));
		Job done = finished("c", Completion.Result.DISCARDED);
		BulkResult result = store().deleteAll(List.of(running.id(), waiting.id(), done.id()), at(9));
		assertThat(result).isEqualTo(new BulkResult(2, Set.of(QUEUE, "other")));
		assertThat(store().find(waiting.id())).isEmpty();
		assertThat(store().find(done.id())).isEmpty();
		assertThat(reload(running).state()).isEqualTo(JobState.EXECUTING);
	}

	@Test
	default void bulkActionsTakeMoreIdsThanOneChunk() {
		List<JobInsert> jobs = new ArrayList<>();
		IntStream.range(0, JobStore.BULK_CHUNK + 20).forEach((i) -> jobs.add(job("k" + i)));
		List<Long> ids = store().insert(new InsertParams(jobs, T0)).stream().map(Job::id).toList();
		assertThat(store().cancelAll(ids, at(1)).changed()).isEqualTo(ids.size());
		assertThat(store().retryAll(ids, at(2)).changed()).isEqualTo(ids.size());
		assertThat(store().deleteAll(ids, at(9)).changed()).isEqualTo(ids.size());
		assertThat(store().count(JobFilter.ALL, 10_000)).isEqualTo(new JobCount(0, false));
	}

}
