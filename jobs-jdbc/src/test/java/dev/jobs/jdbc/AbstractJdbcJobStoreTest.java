package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.Completion;
import dev.jobs.store.ElectParams;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.ListParams;
import dev.jobs.store.PruneParams;
import dev.jobs.store.QueueStats;
import dev.jobs.store.RescueParams;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import dev.jobs.store.StatsParams;
import dev.jobs.store.memory.MemoryJobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the JDBC store does beyond the shared contract, or where its SQL differs per
 * database: bulk paths, unique keys under concurrency, transactional enqueue, stored
 * JSON. Runs on every dialect.
 */
abstract class AbstractJdbcJobStoreTest {

	static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private static final JsonMapper json = JsonMapper.builder().build();

	protected abstract DataSource dataSource();

	protected abstract JdbcJobStore store();

	@BeforeEach
	void emptyTables() {
		StoreTables.empty(dataSource(), store());
	}

	@Test
	void insertReturnsJobsInRequestOrderWithTheirStartingState() {
		JobInsert later = new JobInsert("default", "report", "{\"n\":2}", 5, 3, T0.plusSeconds(60), null,
				UniqueStrategy.IGNORE, Duration.ofSeconds(30));
		List<Job> jobs = insert(JobInsert.of("default", "mail", "{\"n\":1}", T0), later,
				JobInsert.of("other", "mail", "{\"n\":3}", T0.minusSeconds(5)));
		assertThat(jobs).extracting(Job::kind).containsExactly("mail", "report", "mail");
		assertThat(jobs).extracting(Job::state)
			.containsExactly(JobState.AVAILABLE, JobState.SCHEDULED, JobState.AVAILABLE);
		assertThat(jobs.get(0).id()).isLessThan(jobs.get(1).id());
		assertThat(jobs.get(1).id()).isLessThan(jobs.get(2).id());
		Job report = jobs.get(1);
		assertThat(report.priority()).isEqualTo(5);
		assertThat(report.maxAttempts()).isEqualTo(3);
		assertThat(report.attempt()).isZero();
		assertThat(report.insertedAt()).isEqualTo(T0);
		assertThat(report.scheduledAt()).isEqualTo(T0.plusSeconds(60));
		assertThat(report.timeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(report.errors()).isEmpty();
		assertThat(store().find(report.id())).contains(report);
	}

	@Test
	void argsWithUnicodeAndSqlMetacharactersRoundTrip() {
		String args = "{\"name\":\"O'Brien\\\"; DROP TABLE jobs; --\",\"text\":\"Grüße, 日本語, emoji \uD83D\uDE00\","
				+ "\"pattern\":\"%_\\\\ $$ ? :x\",\"nested\":{\"list\":[1,2.5,null,true]}}";
		Job stored = insert(JobInsert.of("queue 'q'; --", "kind\"x", args, T0)).get(0);
		Job found = store().find(stored.id()).orElseThrow();
		assertThat(json.readTree(found.args())).isEqualTo(json.readTree(args));
		assertThat(found.queue()).isEqualTo("queue 'q'; --");
		assertThat(found.kind()).isEqualTo("kind\"x");
		assertThat(fetch("queue 'q'; --", 10)).extracting(Job::id).containsExactly(stored.id());
	}

	@Test
	void fetchClaimsByPriorityThenScheduledTimeThenIdUpToTheLimit() {
		List<Job> jobs = insert(withPriority(JobInsert.of("q", "a", "{}", T0.minusSeconds(1)), 0),
				withPriority(JobInsert.of("q", "b", "{}", T0.minusSeconds(9)), 0),
				withPriority(JobInsert.of("q", "c", "{}", T0), 10), withPriority(JobInsert.of("q", "d", "{}", T0), 10),
				JobInsert.of("elsewhere", "e", "{}", T0));
		List<Job> claimed = store().fetch(new FetchParams("q", 3, "node-1", T0.plusSeconds(1)));
		assertThat(claimed).extracting(Job::kind).containsExactly("c", "d", "b");
		assertThat(claimed).allSatisfy((job) -> {
			assertThat(job.state()).isEqualTo(JobState.EXECUTING);
			assertThat(job.attempt()).isEqualTo(1);
			assertThat(job.attemptedBy()).isEqualTo("node-1");
			assertThat(job.attemptedAt()).isEqualTo(T0.plusSeconds(1));
		});
		assertThat(fetch("q", 10)).extracting(Job::id).containsExactly(jobs.get(0).id());
		assertThat(fetch("q", 10)).isEmpty();
	}

	@Test
	void fetchLeavesPausedQueuesAlone() {
		insert(JobInsert.of("q", "a", "{}", T0));
		store().setPaused("q", true);
		assertThat(store().pausedQueues()).containsExactly("q");
		assertThat(fetch("q", 10)).isEmpty();
		store().setPaused("q", false);
		assertThat(store().pausedQueues()).isEmpty();
		assertThat(fetch("q", 10)).hasSize(1);
	}

	@Test
	void completeRecordsEveryKindOfOutcomeInOneCall() {
		insert(JobInsert.of("q", "a", "{}", T0), JobInsert.of("q", "b", "{}", T0), JobInsert.of("q", "c", "{}", T0),
				JobInsert.of("q", "d", "{}", T0), JobInsert.of("q", "e", "{}", T0), JobInsert.of("q", "f", "{}", T0));
		List<Job> running = fetch("q", 6);
		Instant at = T0.plusSeconds(2);
		JobError failure = new JobError(1, at, "java.lang.IllegalStateException: boom", "trace\n\tat x");
		int updated = store().complete(List.of(Completion.completed(running.get(0), at),
				Completion.retry(running.get(1), at, at.plusSeconds(30), failure),
				Completion.discard(running.get(2), at, failure), Completion.cancel(running.get(3), at, null),
				Completion.snooze(running.get(4), at, at.plusSeconds(60)), Completion.release(running.get(5), at)));
		assertThat(updated).isEqualTo(6);

		Job completed = find(running.get(0));
		assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
		assertThat(completed.finishedAt()).isEqualTo(at);
		assertThat(completed.attempt()).isEqualTo(1);

		Job retryable = find(running.get(1));
		assertThat(retryable.state()).isEqualTo(JobState.RETRYABLE);
		assertThat(retryable.scheduledAt()).isEqualTo(at.plusSeconds(30));
		assertThat(retryable.finishedAt()).isNull();
		assertThat(retryable.errors()).containsExactly(failure);

		Job discarded = find(running.get(2));
		assertThat(discarded.state()).isEqualTo(JobState.DISCARDED);
		assertThat(discarded.finishedAt()).isEqualTo(at);
		assertThat(discarded.errors()).containsExactly(failure);

		Job cancelled = find(running.get(3));
		assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
		assertThat(cancelled.errors()).isEmpty();

		Job snoozed = find(running.get(4));
		assertThat(snoozed.state()).isEqualTo(JobState.SCHEDULED);
		assertThat(snoozed.attempt()).isZero();
		assertThat(snoozed.scheduledAt()).isEqualTo(at.plusSeconds(60));

		Job released = find(running.get(5));
		assertThat(released.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(released.attempt()).isZero();
		assertThat(released.scheduledAt()).isEqualTo(at);
	}

	@Test
	void completeChangesOnlyExecutingJobsAndTakesTheFirstOutcomeOfAJob() {
		Job waiting = insert(JobInsert.of("q", "a", "{}", T0)).get(0);
		Job running = insert(JobInsert.of("q", "b", "{}", T0)).get(0);
		store().fetch(new FetchParams("q", 1, "n", T0));
		long runningId = (find(waiting).state() == JobState.EXECUTING) ? waiting.id() : running.id();
		long waitingId = (runningId == waiting.id()) ? running.id() : waiting.id();
		Job claimed = store().find(runningId).orElseThrow();
		Job unclaimed = store().find(waitingId).orElseThrow();
		int updated = store().complete(List.of(Completion.completed(claimed, T0),
				Completion.discard(claimed, T0, new JobError(1, T0, "late", null)),
				Completion.completed(unclaimed, T0)));
		assertThat(updated).isEqualTo(1);
		assertThat(store().find(runningId).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
		assertThat(store().find(runningId).orElseThrow().errors()).isEmpty();
		assertThat(store().find(waitingId).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
		assertThat(store().complete(List.of(Completion.completed(claimed, T0)))).isZero();
	}

	@Test
	void errorsAccumulateOldestFirstAcrossAttempts() {
		Job job = insert(JobInsert.of("q", "a", "{}", T0)).get(0);
		for (int attempt = 1; attempt <= 3; attempt++) {
			Job claimed = fetch("q", 1).get(0);
			Instant at = T0.plusSeconds(attempt);
			store().complete(List.of(Completion.retry(claimed, at, at,
					new JobError(attempt, at, "failure " + attempt, (attempt == 2) ? null : "trace " + attempt))));
			store().stage(new StageParams(at, 100));
		}
		assertThat(find(job).errors()).extracting(JobError::error)
			.containsExactly("failure 1", "failure 2", "failure 3");
		assertThat(find(job).errors().get(1).trace()).isNull();
		assertThat(find(job).attempt()).isEqualTo(3);
	}

	@Test
	void uniqueKeyReturnsTheHolderAndReplaceUpdatesAWaitingHolder() {
		JobInsert first = unique(JobInsert.of("q", "a", "{\"v\":1}", T0), "k", UniqueStrategy.IGNORE);
		JobInsert ignored = unique(JobInsert.of("q", "a", "{\"v\":2}", T0), "k", UniqueStrategy.IGNORE);
		JobInsert replacing = unique(JobInsert.of("q", "a", "{\"v\":3}", T0.plusSeconds(90)), "k",
				UniqueStrategy.REPLACE);
		List<Job> jobs = insert(first, ignored, replacing, JobInsert.of("q", "plain", "{}", T0));
		assertThat(jobs).extracting(Job::id).first().isEqualTo(jobs.get(1).id()).isEqualTo(jobs.get(2).id());
		assertThat(json.readTree(jobs.get(1).args())).isEqualTo(json.readTree("{\"v\":1}"));
		assertThat(json.readTree(jobs.get(2).args())).isEqualTo(json.readTree("{\"v\":3}"));
		assertThat(jobs.get(2).state()).isEqualTo(JobState.SCHEDULED);
		assertThat(jobs.get(3).uniqueKey()).isNull();
		assertThat(store().list(new ListParams(null, null, null, 10))).hasSize(2);
	}

	@Test
	void uniqueKeyIsFreeAgainOnceItsHolderFinishesAndReplaceLeavesARunningHolderAlone() {
		Job holder = insert(unique(JobInsert.of("q", "a", "{}", T0), "k", UniqueStrategy.REPLACE)).get(0);
		Job claimed = fetch("q", 1).get(0);
		Job whileRunning = insert(unique(JobInsert.of("q", "a", "{\"new\":true}", T0), "k", UniqueStrategy.REPLACE))
			.get(0);
		assertThat(whileRunning.id()).isEqualTo(holder.id());
		assertThat(whileRunning.state()).isEqualTo(JobState.EXECUTING);
		assertThat(json.readTree(whileRunning.args())).isEqualTo(json.readTree("{}"));
		store().complete(List.of(Completion.completed(claimed, T0)));
		Job next = insert(unique(JobInsert.of("q", "a", "{}", T0), "k", UniqueStrategy.IGNORE)).get(0);
		assertThat(next.id()).isNotEqualTo(holder.id());
		assertThat(next.state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	void concurrentInsertsOfOneUniqueKeyMakeOneJob() throws Exception {
		int threads = 6;
		Set<Long> ids = ConcurrentHashMap.newKeySet();
		runConcurrently(threads, () -> {
			for (int i = 0; i < 15; i++) {
				ids.add(insert(unique(JobInsert.of("q", "a", "{}", T0), "only-one", UniqueStrategy.IGNORE)).get(0)
					.id());
			}
			return null;
		});
		assertThat(ids).hasSize(1);
		assertThat(store().list(new ListParams(null, null, null, 100))).hasSize(1);
	}

	@Test
	void concurrentClaimsNeverHandOutAJobTwice() throws Exception {
		List<JobInsert> inserts = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			inserts.add(JobInsert.of("q", "a", "{\"i\":" + i + "}", T0));
		}
		store().insert(new InsertParams(inserts, T0));
		Set<Long> claimed = ConcurrentHashMap.newKeySet();
		List<Long> duplicates = new ArrayList<>();
		runConcurrently(4, () -> {
			List<Job> batch;
			do {
				batch = store().fetch(new FetchParams("q", 7, Thread.currentThread().getName(), T0));
				for (Job job : batch) {
					if (!claimed.add(job.id())) {
						synchronized (duplicates) {
							duplicates.add(job.id());
						}
					}
				}
			}
			while (!batch.isEmpty());
			return null;
		});
		assertThat(duplicates).isEmpty();
		assertThat(claimed).hasSize(300);
	}

	@Test
	void stageMakesDueJobsAvailableAndNamesTheirQueues() {
		insert(JobInsert.of("a", "x", "{}", T0.plusSeconds(10)), JobInsert.of("b", "x", "{}", T0.plusSeconds(20)),
				JobInsert.of("c", "x", "{}", T0.plusSeconds(30)));
		StageResult none = store().stage(new StageParams(T0.plusSeconds(5), 100));
		assertThat(none.staged()).isZero();
		assertThat(none.queues()).isEmpty();
		StageResult two = store().stage(new StageParams(T0.plusSeconds(20), 100));
		assertThat(two.staged()).isEqualTo(2);
		assertThat(two.queues()).containsExactlyInAnyOrder("a", "b");
		StageResult limited = store().stage(new StageParams(T0.plusSeconds(60), 1));
		assertThat(limited.staged()).isEqualTo(1);
		assertThat(fetch("c", 1)).hasSize(1);
	}

	@Test
	void rescueHandsBackOnlyTheJobsOfDeadNodes() {
		insert(JobInsert.of("q", "a", "{}", T0), JobInsert.of("q", "b", "{}", T0), JobInsert.of("q", "c", "{}", T0),
				new JobInsert("q", "d", "{}", 0, 1, T0, null, UniqueStrategy.IGNORE, null));
		Job onLive = claimAs("live");
		Job onDead = claimAs("dead");
		Job onUnknown = claimAs("never-registered");
		Job lastAttempt = claimAs("dead");
		store().heartbeat("live", T0.plusSeconds(100));
		store().heartbeat("dead", T0);
		Instant now = T0.plusSeconds(120);
		List<Job> rescued = store().rescue(new RescueParams(now, now.minusSeconds(30), 100));
		assertThat(rescued).extracting(Job::id).containsExactly(onDead.id(), onUnknown.id(), lastAttempt.id());
		Job retryable = find(onDead);
		assertThat(retryable.state()).isEqualTo(JobState.RETRYABLE);
		assertThat(retryable.scheduledAt()).isEqualTo(now);
		assertThat(retryable.errors())
			.containsExactly(new JobError(1, now, MemoryJobStore.rescueMessage("dead"), null));
		Job discarded = find(lastAttempt);
		assertThat(discarded.state()).isEqualTo(JobState.DISCARDED);
		assertThat(discarded.finishedAt()).isEqualTo(now);
		assertThat(find(onUnknown).errors().get(0).error()).contains("'never-registered'");
		assertThat(find(onLive).state()).isEqualTo(JobState.EXECUTING);
	}

	@Test
	void pruneDeletesFinishedJobsPastTheirRetentionAndForgottenNodes() {
		insert(JobInsert.of("q", "a", "{}", T0), JobInsert.of("q", "b", "{}", T0), JobInsert.of("q", "c", "{}", T0),
				JobInsert.of("q", "d", "{}", T0));
		List<Job> running = fetch("q", 4);
		store().complete(List.of(Completion.completed(running.get(0), T0),
				Completion.completed(running.get(1), T0.plusSeconds(100)),
				Completion.discard(running.get(2), T0, new JobError(1, T0, "x", null))));
		store().heartbeat("old", T0);
		int deleted = store()
			.prune(new PruneParams(T0.plusSeconds(50), T0.plusSeconds(50), T0, T0.plusSeconds(1), 100));
		assertThat(deleted).isEqualTo(1);
		assertThat(store().find(running.get(0).id())).isEmpty();
		assertThat(store().find(running.get(1).id())).isPresent();
		assertThat(store().find(running.get(2).id())).isPresent();
		assertThat(store().find(running.get(3).id())).isPresent();
		Instant now = T0.plusSeconds(500);
		assertThat(store().rescue(new RescueParams(now, T0.minusSeconds(1), 10))).extracting(Job::id)
			.containsExactly(running.get(3).id());
	}

	@Test
	void cancelStopsWaitingJobsAndFlagsRunningOnes() {
		insert(JobInsert.of("q", "a", "{}", T0), JobInsert.of("q", "b", "{}", T0));
		Job running = claimAs("node");
		Job waiting = store().list(new ListParams("q", JobState.AVAILABLE, null, 1)).get(0);
		Job cancelled = store().cancel(waiting.id(), T0.plusSeconds(1)).orElseThrow();
		assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
		assertThat(cancelled.finishedAt()).isEqualTo(T0.plusSeconds(1));
		Job flagged = store().cancel(running.id(), T0.plusSeconds(1)).orElseThrow();
		assertThat(flagged.state()).isEqualTo(JobState.EXECUTING);
		assertThat(flagged.cancelRequested()).isTrue();
		assertThat(store().cancelRequested("node")).containsExactly(running.id());
		assertThat(store().cancelRequested("other")).isEmpty();
		store().complete(List.of(Completion.cancel(running, T0.plusSeconds(2), null)));
		assertThat(find(running).cancelRequested()).isFalse();
		assertThat(store().cancel(running.id(), T0.plusSeconds(3)).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
		assertThat(store().cancel(999_999_999L, T0)).isEmpty();
	}

	@Test
	void retryRunsAFinishedJobAgainWithOneMoreAttempt() {
		Job job = insert(new JobInsert("q", "a", "{}", 0, 1, T0, null, UniqueStrategy.IGNORE, null)).get(0);
		Job claimed = fetch("q", 1).get(0);
		store().complete(List.of(Completion.discard(claimed, T0, new JobError(1, T0, "x", null))));
		Job retried = store().retry(job.id(), T0.plusSeconds(5)).orElseThrow();
		assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(retried.maxAttempts()).isEqualTo(2);
		assertThat(retried.finishedAt()).isNull();
		assertThat(retried.scheduledAt()).isEqualTo(T0.plusSeconds(5));
		fetch("q", 1);
		assertThat(store().retry(job.id(), T0).orElseThrow().state()).isEqualTo(JobState.EXECUTING);
		assertThat(store().retry(999_999_999L, T0)).isEmpty();
	}

	@Test
	void oneLeaderAtATimeUntilItsLeaseExpiresOrItResigns() {
		Duration ttl = Duration.ofSeconds(15);
		assertThat(store().elect(new ElectParams("a", T0, ttl))).isTrue();
		assertThat(store().elect(new ElectParams("b", T0.plusSeconds(1), ttl))).isFalse();
		assertThat(store().elect(new ElectParams("a", T0.plusSeconds(10), ttl))).isTrue();
		assertThat(store().elect(new ElectParams("b", T0.plusSeconds(24), ttl))).isFalse();
		assertThat(store().elect(new ElectParams("b", T0.plusSeconds(25), ttl))).isTrue();
		store().resign("a");
		assertThat(store().elect(new ElectParams("a", T0.plusSeconds(26), ttl))).isFalse();
		store().resign("b");
		assertThat(store().elect(new ElectParams("a", T0.plusSeconds(26), ttl))).isTrue();
	}

	@Test
	void cronTicksAreClaimedOnceAndInOrder() {
		assertThat(store().recordCronTick("nightly", T0)).isTrue();
		assertThat(store().recordCronTick("nightly", T0)).isFalse();
		assertThat(store().recordCronTick("nightly", T0.minusSeconds(60))).isFalse();
		assertThat(store().recordCronTick("hourly", T0)).isTrue();
		assertThat(store().recordCronTick("nightly", T0.plusSeconds(60))).isTrue();
	}

	@Test
	void statsCountEveryQueueByState() {
		insert(JobInsert.of("a", "x", "{}", T0.minusSeconds(30)), JobInsert.of("a", "x", "{}", T0),
				JobInsert.of("a", "x", "{}", T0.plusSeconds(60)), JobInsert.of("b", "x", "{}", T0));
		Job done = store().fetch(new FetchParams("b", 1, "n", T0)).get(0);
		store().complete(List.of(Completion.completed(done, T0.plusSeconds(1))));
		List<QueueStats> stats = store().stats(new StatsParams(T0));
		assertThat(stats).extracting(QueueStats::queue).containsExactly("a", "b");
		QueueStats a = stats.get(0);
		assertThat(a.count(JobState.AVAILABLE)).isEqualTo(2);
		assertThat(a.count(JobState.SCHEDULED)).isEqualTo(1);
		assertThat(a.oldestAvailableAt()).isEqualTo(T0.minusSeconds(30));
		QueueStats b = stats.get(1);
		assertThat(b.count(JobState.COMPLETED)).isEqualTo(1);
		assertThat(b.completedSince()).isEqualTo(1);
		assertThat(b.oldestAvailableAt()).isNull();
		assertThat(store().stats(new StatsParams(T0.plusSeconds(2))).get(1).completedSince()).isZero();
	}

	@Test
	void listPagesNewestFirstWithFilters() {
		List<JobInsert> inserts = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			inserts.add(JobInsert.of((i % 2 == 0) ? "even" : "odd", "x", "{}", T0));
		}
		List<Job> jobs = store().insert(new InsertParams(inserts, T0));
		List<Job> page = store().list(new ListParams(null, null, null, 2));
		assertThat(page).extracting(Job::id).containsExactly(jobs.get(4).id(), jobs.get(3).id());
		assertThat(store().list(new ListParams(null, null, page.get(1).id(), 10))).extracting(Job::id)
			.containsExactly(jobs.get(2).id(), jobs.get(1).id(), jobs.get(0).id());
		assertThat(store().list(new ListParams("even", JobState.AVAILABLE, null, 10))).hasSize(3);
		assertThat(store().list(new ListParams("odd", JobState.COMPLETED, null, 10))).isEmpty();
		assertThat(store().findAll(List.of(jobs.get(0).id(), jobs.get(4).id(), -1L))).hasSize(2);
		assertThat(store().deleteAvailable("even")).isEqualTo(3);
		assertThat(store().list(new ListParams(null, null, null, 10))).hasSize(2);
	}

	@Test
	void enqueueInTheCallersTransactionCommitsAndRollsBackWithIt() throws SQLException {
		try (Connection connection = dataSource().getConnection()) {
			connection.setAutoCommit(false);
			JdbcJobStore transactional = JdbcJobStore.builder(dataSource())
				.schema(store().schema())
				.tablePrefix(store().tablePrefix())
				.migrate(false)
				.connectionProvider(new CallerConnection(connection))
				.build();
			Job rolledBack = transactional.insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0)), T0))
				.get(0);
			connection.rollback();
			assertThat(store().find(rolledBack.id())).isEmpty();
			Job committed = transactional.insert(new InsertParams(List.of(JobInsert.of("q", "b", "{}", T0)), T0))
				.get(0);
			assertThat(store().find(committed.id())).as("not visible before commit").isEmpty();
			connection.commit();
			assertThat(store().find(committed.id())).isPresent();
			assertThat(connection.isClosed()).as("the caller's connection stays open").isFalse();
			assertThat(connection.getAutoCommit()).isFalse();
		}
	}

	@Test
	void enqueueOnAnAutoCommitConnectionCommitsByItself() throws SQLException {
		try (Connection connection = dataSource().getConnection()) {
			JdbcJobStore store = JdbcJobStore.builder(dataSource())
				.schema(store().schema())
				.tablePrefix(store().tablePrefix())
				.migrate(false)
				.connectionProvider(new CallerConnection(connection))
				.build();
			List<Job> jobs = store.insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0),
					unique(JobInsert.of("q", "b", "{}", T0), "k", UniqueStrategy.IGNORE),
					unique(JobInsert.of("q", "c", "{}", T0), "k", UniqueStrategy.REPLACE)), T0));
			assertThat(connection.getAutoCommit()).isTrue();
			assertThat(store().findAll(jobs.stream().map(Job::id).toList())).hasSize(2);
		}
	}

	@Test
	void enqueueCommitsOnAPoolWhoseConnectionsHaveAutoCommitOff() throws SQLException {
		DataSource manualCommit = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					Object result = method.invoke(dataSource(), args);
					if (result instanceof Connection connection) {
						connection.setAutoCommit(false);
					}
					return result;
				});
		JdbcJobStore store = JdbcJobStore.builder(manualCommit)
			.schema(store().schema())
			.tablePrefix(store().tablePrefix())
			.migrate(false)
			.build();
		Job job = store.insert(new InsertParams(List.of(JobInsert.of("q", "a", "{}", T0)), T0)).get(0);
		assertThat(store().find(job.id())).as("committed by the store on its own connection").isPresent();
	}

	Job find(Job job) {
		return store().find(job.id()).orElseThrow();
	}

	List<Job> insert(JobInsert... jobs) {
		return store().insert(new InsertParams(List.of(jobs), T0));
	}

	List<Job> fetch(String queue, int limit) {
		return store().fetch(new FetchParams(queue, limit, "node", T0));
	}

	Job claimAs(String node) {
		return store().fetch(new FetchParams("q", 1, node, T0)).get(0);
	}

	static JobInsert withPriority(JobInsert job, int priority) {
		return new JobInsert(job.queue(), job.kind(), job.args(), priority, job.maxAttempts(), job.scheduledAt(),
				job.uniqueKey(), job.uniqueStrategy(), job.timeout());
	}

	static JobInsert unique(JobInsert job, String key, UniqueStrategy strategy) {
		return new JobInsert(job.queue(), job.kind(), job.args(), job.priority(), job.maxAttempts(), job.scheduledAt(),
				key, strategy, job.timeout());
	}

	static void runConcurrently(int threads, Callable<Void> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Void>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			start.countDown();
			for (Future<Void> result : results) {
				result.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Hands out one connection and never closes it, as a transaction manager does.
	 */
	record CallerConnection(Connection connection) implements ConnectionProvider {

		@Override
		public Connection getConnection(DataSource dataSource) {
			return this.connection;
		}

		@Override
		public void releaseConnection(Connection connection, DataSource dataSource) {
		}

	}

}
