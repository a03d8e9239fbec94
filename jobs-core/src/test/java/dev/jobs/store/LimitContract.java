package dev.jobs.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitUsage;
import dev.jobs.limit.RateLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link JobStore#fetchWithinLimits}: cluster-wide concurrency, per-key concurrency and
 * rates, enforced in the claim; held jobs stay available and do not block the jobs behind
 * them.
 */
public interface LimitContract extends JobStoreFixture {

	default JobInsert keyed(String kind, String key) {
		return new JobInsert(QUEUE, kind, "{}", 0, 20, T0, null, UniqueStrategy.IGNORE, null).withLimitKey(key);
	}

	default FetchResult fetchWithin(JobLimits limits, int limit, Instant now) {
		return fetchWithin(limits, limit, now, NODE);
	}

	default FetchResult fetchWithin(JobLimits limits, int limit, Instant now, String nodeId) {
		return store().fetchWithinLimits(new FetchParams(QUEUE, limit, nodeId, now, limits));
	}

	default JobLimits limits(JobLimit... limits) {
		return JobLimits.of(List.of(limits));
	}

	default void complete(List<Job> jobs, Instant at) {
		assertThat(store().complete(jobs.stream().map((job) -> Completion.completed(job, at)).toList()))
			.isEqualTo(jobs.size());
	}

	@Test
	default void limitKeyIsStoredWithTheJob() {
		Job job = insertOne(keyed("sync", "customer:42"));
		assertThat(job.limitKey()).isEqualTo("customer:42");
		assertThat(reload(job).limitKey()).isEqualTo("customer:42");
		assertThat(insertOne(job("plain")).limitKey()).isNull();
	}

	@Test
	default void aKindClaimsAtMostItsConcurrencyUntilASlotFrees() {
		insert(job("sync"), job("sync"), job("sync"), job("sync"));
		JobLimits limits = limits(JobLimit.of("sync").concurrency(2));
		List<Job> first = fetchWithin(limits, 10, at(1)).jobs();
		assertThat(first).hasSize(2);
		assertThat(fetchWithin(limits, 10, at(2)).jobs()).isEmpty();
		complete(first.subList(0, 1), at(3));
		assertThat(fetchWithin(limits, 10, at(4)).jobs()).hasSize(1);
		assertThat(fetchWithin(limits, 10, at(5)).jobs()).isEmpty();
	}

	@Test
	default void jobsWhoseAttemptEndedOnTheClaimingNodeNoLongerCount() {
		List<Job> jobs = insert(keyed("sync", "a"), keyed("sync", "a"), keyed("sync", "a"));
		JobLimits limits = limits(JobLimit.of("sync").concurrencyPerKey(1));
		Job first = fetchWithin(limits, 10, at(1)).jobs().get(0);
		assertThat(fetchWithin(limits, 10, at(2)).jobs()).isEmpty();
		// Its handler returned; the outcome is not written yet.
		List<Job> next = store()
			.fetchWithinLimits(new FetchParams(QUEUE, 10, NODE, at(3), limits, java.util.Set.of(first.id())))
			.jobs();
		assertThat(next).extracting(Job::id).containsExactly(jobs.get(1).id());
		assertThat(reload(first).state()).isEqualTo(JobState.EXECUTING);
	}

	@Test
	default void heldJobsStayAvailableWithNoAttemptSpent() {
		List<Job> jobs = insert(job("sync"), job("sync"));
		JobLimits limits = limits(JobLimit.of("sync").concurrency(1));
		assertThat(fetchWithin(limits, 10, at(1)).jobs()).extracting(Job::id).containsExactly(jobs.get(0).id());
		Job held = reload(jobs.get(1));
		assertThat(held.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(held.attempt()).isZero();
		assertThat(held.errors()).isEmpty();
	}

	@Test
	default void aKeyLimitedToOneIsAMutexAndOtherKeysRun() {
		List<Job> jobs = insert(keyed("sync", "a"), keyed("sync", "a"), keyed("sync", "b"), keyed("sync", "a"),
				job("sync"));
		JobLimits limits = limits(JobLimit.of("sync").concurrencyPerKey(1));
		List<Job> first = fetchWithin(limits, 10, at(1)).jobs();
		// The job without a key counts for kind-wide limits only.
		assertThat(first).extracting(Job::id).containsExactly(jobs.get(0).id(), jobs.get(2).id(), jobs.get(4).id());
		assertThat(fetchWithin(limits, 10, at(2)).jobs()).isEmpty();
		complete(first.subList(0, 1), at(3));
		assertThat(fetchWithin(limits, 10, at(4)).jobs()).extracting(Job::id).containsExactly(jobs.get(1).id());
	}

	@Test
	default void limitedJobsAtTheHeadOfAQueueDoNotBlockTheJobsBehindThem() {
		List<JobInsert> inserts = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			inserts.add(keyed("sync", "hot"));
		}
		inserts.add(job("plain"));
		inserts.add(job("plain"));
		insert(inserts.toArray(JobInsert[]::new));
		JobLimits limits = limits(JobLimit.of("sync").concurrencyPerKey(1));
		assertThat(fetchWithin(limits, 3, at(1)).jobs()).extracting(Job::kind)
			.containsExactly("sync", "plain", "plain");
		assertThat(fetchWithin(limits, 3, at(2)).jobs()).isEmpty();
	}

	@Test
	default void aFullKindsBacklogIsSkippedAndTheOtherKindsClaimInOrder() {
		List<JobInsert> inserts = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			inserts.add(job("sync"));
		}
		inserts.add(job("plain"));
		inserts.add(keyed("mail", "a"));
		inserts.add(keyed("mail", "a"));
		inserts.add(keyed("mail", "b"));
		inserts.add(job("plain"));
		inserts.add(job("urgent", 5, T0));
		insert(inserts.toArray(JobInsert[]::new));
		JobLimits limits = limits(JobLimit.of("sync").concurrency(2), JobLimit.of("mail").concurrencyPerKey(1));
		store().prepareLimits(limits);
		assertThat(fetchWithin(limits, 6, at(1)).jobs()).extracting(Job::kind, Job::limitKey)
			.containsExactly(tuple("urgent", null), tuple("sync", null), tuple("sync", null), tuple("plain", null),
					tuple("mail", "a"), tuple("mail", "b"));
		assertThat(fetchWithin(limits, 6, at(2)).jobs()).extracting(Job::kind).containsExactly("plain");
		assertThat(fetchWithin(limits, 6, at(3)).jobs()).isEmpty();
	}

	@Test
	default void aKindWithLittleRoomTakesOnlyItsRoomAmongOtherKinds() {
		insert(job("sync"), job("sync"), job("sync"), job("plain"), job("sync"), job("plain"));
		JobLimits limits = limits(JobLimit.of("sync").concurrency(3));
		store().prepareLimits(limits);
		List<Job> first = fetchWithin(limits, 1, at(1)).jobs();
		assertThat(first).extracting(Job::kind).containsExactly("sync");
		assertThat(fetchWithin(limits, 10, at(2)).jobs()).extracting(Job::kind)
			.containsExactly("sync", "sync", "plain", "plain");
		complete(first, at(3));
		assertThat(fetchWithin(limits, 10, at(4)).jobs()).extracting(Job::kind).containsExactly("sync");
	}

	@Test
	default void kindAndKeyLimitsHoldTogether() {
		insert(keyed("sync", "a"), keyed("sync", "a"), keyed("sync", "a"), keyed("sync", "b"), keyed("sync", "b"),
				keyed("sync", "c"));
		JobLimits limits = limits(JobLimit.of("sync").concurrency(3).concurrencyPerKey(2));
		List<Job> claimed = fetchWithin(limits, 10, at(1)).jobs();
		assertThat(claimed).extracting(Job::limitKey).containsExactly("a", "a", "b");
	}

	@Test
	default void unlimitedKindsClaimInTheUsualOrder() {
		insert(job("plain", 0, T0), job("urgent", 5, T0), keyed("sync", "a"));
		JobLimits limits = limits(JobLimit.of("sync").concurrencyPerKey(1));
		assertThat(fetchWithin(limits, 10, at(1)).jobs()).extracting(Job::kind)
			.containsExactly("urgent", "plain", "sync");
	}

	@Test
	default void aRateLimitCountsStartsOnASlidingWindow() {
		for (int i = 0; i < 6; i++) {
			insertOne(job("call"));
		}
		JobLimits limits = limits(JobLimit.of("call").rate(RateLimit.parse("2/10s")));
		assertThat(fetchWithin(limits, 1, at(1)).jobs()).hasSize(1);
		assertThat(fetchWithin(limits, 1, at(9)).jobs()).hasSize(1);
		FetchResult full = fetchWithin(limits, 10, at(10));
		assertThat(full.jobs()).isEmpty();
		assertThat(full.retryAt()).isEqualTo(at(11));
		// At 11 the start at 1 left the window but the one at 9 did not: a fixed window
		// would allow two here.
		FetchResult next = fetchWithin(limits, 10, at(11));
		assertThat(next.jobs()).hasSize(1);
		assertThat(next.retryAt()).isEqualTo(at(19));
		assertThat(fetchWithin(limits, 10, at(19)).jobs()).hasSize(1);
	}

	@Test
	default void aRateIsNotGivenBackWhenJobsEnd() {
		insert(job("call"), job("call"), job("call"));
		JobLimits limits = limits(JobLimit.of("call").rate(RateLimit.of(2, Duration.ofMinutes(1))));
		List<Job> claimed = fetchWithin(limits, 10, at(1)).jobs();
		assertThat(claimed).hasSize(2);
		complete(claimed, at(2));
		assertThat(fetchWithin(limits, 10, at(3)).jobs()).isEmpty();
		assertThat(fetchWithin(limits, 10, at(61)).jobs()).hasSize(1);
	}

	@Test
	default void aRatePerKeyLimitsEachKeyApart() {
		List<Job> jobs = insert(keyed("call", "a"), keyed("call", "a"), keyed("call", "b"));
		JobLimits limits = limits(JobLimit.of("call").ratePerKey(RateLimit.parse("1/10s")));
		assertThat(fetchWithin(limits, 10, at(1)).jobs()).extracting(Job::id)
			.containsExactly(jobs.get(0).id(), jobs.get(2).id());
		FetchResult held = fetchWithin(limits, 10, at(2));
		assertThat(held.jobs()).isEmpty();
		assertThat(held.retryAt()).isEqualTo(at(11));
		assertThat(fetchWithin(limits, 10, at(11)).jobs()).extracting(Job::id).containsExactly(jobs.get(1).id());
	}

	@Test
	default void aRescuedJobGivesItsSlotBack() {
		store().heartbeat("node-x", T0);
		List<Job> jobs = insert(keyed("sync", "a"), keyed("sync", "a"));
		JobLimits limits = limits(JobLimit.of("sync").concurrencyPerKey(1));
		assertThat(fetchWithin(limits, 10, at(1), "node-x").jobs()).extracting(Job::id)
			.containsExactly(jobs.get(0).id());
		assertThat(store().rescue(new RescueParams(at(100), at(50), 10))).hasSize(1);
		assertThat(fetchWithin(limits, 1, at(101)).jobs()).extracting(Job::id).containsExactly(jobs.get(1).id());
	}

	@Test
	default void aPausedQueueHandsOutNothingWithinLimits() {
		insert(job("sync"));
		store().setPaused(QUEUE, true);
		assertThat(fetchWithin(limits(JobLimit.of("sync").concurrency(1)), 10, at(1)).jobs()).isEmpty();
	}

	@Test
	default void usageShowsEachLimitInUseAndWaiting() {
		insert(keyed("sync", "a"), keyed("sync", "a"), keyed("sync", "b"), job("call"), job("call"));
		JobLimits limits = limits(JobLimit.of("sync").concurrency(5).concurrencyPerKey(1),
				JobLimit.of("call").rate(RateLimit.parse("1/1m")));
		fetchWithin(limits, 10, at(1));
		assertThat(store().limitUsage(limits, at(2))).containsExactly(new LimitUsage("call", "rate", 1, 1, 1),
				new LimitUsage("sync", "concurrency", 5, 2, 1), new LimitUsage("sync", "concurrency-per-key", 1, 1, 1));
	}

	@Test
	default void concurrentClaimsNeverExceedALimit() throws Exception {
		for (int i = 0; i < 40; i++) {
			insertOne(job("sync"));
		}
		JobLimits limits = limits(JobLimit.of("sync").concurrency(3));
		int claimers = 4;
		ExecutorService pool = Executors.newFixedThreadPool(claimers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> counts = new ArrayList<>();
			for (int i = 0; i < claimers; i++) {
				String node = "node-" + i;
				counts.add(pool.submit(() -> {
					start.await();
					int claimed = 0;
					for (int round = 0; round < 5; round++) {
						claimed += fetchWithin(limits, 2, at(1), node).jobs().size();
					}
					return claimed;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> count : counts) {
				total += count.get(30, TimeUnit.SECONDS);
			}
			assertThat(total).isEqualTo(3);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
