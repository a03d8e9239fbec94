package dev.jobs.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.jobs.Job;
import dev.jobs.JobState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JobStore#fetch}: order, limit, what is claimable, pausing, concurrent claims.
 */
public interface ClaimContract extends JobStoreFixture {

	@Test
	default void fetchClaimsHighestPriorityFirst() {
		insert(job("low", 0, T0), job("high", 5, T0), job("middle", 2, T0));
		assertThat(fetch(10, at(1))).extracting(Job::kind).containsExactly("high", "middle", "low");
	}

	@Test
	default void fetchClaimsOldestScheduledFirstWithinAPriority() {
		insert(job("ten", 0, T0.minusSeconds(10)), job("thirty", 0, T0.minusSeconds(30)),
				job("twenty", 0, T0.minusSeconds(20)));
		assertThat(fetch(10, at(1))).extracting(Job::kind).containsExactly("thirty", "twenty", "ten");
	}

	@Test
	default void fetchClaimsLowestIdFirstWhenPriorityAndTimeTie() {
		List<Job> jobs = insert(job("a"), job("b"), job("c"));
		assertThat(fetch(10, at(1))).extracting(Job::id).containsExactlyElementsOf(jobs.stream().map(Job::id).toList());
	}

	@Test
	default void fetchClaimsAtMostTheLimit() {
		insert(job("a"), job("b"), job("c"), job("d"), job("e"));
		assertThat(fetch(2, at(1))).extracting(Job::kind).containsExactly("a", "b");
		assertThat(fetch(10, at(1))).extracting(Job::kind).containsExactly("c", "d", "e");
	}

	@Test
	default void fetchClaimsOnlyFromTheGivenQueue() {
		Job mine = insertOne(job("a"));
		insertOne(job("other", "b"));
		assertThat(fetch(10, at(1))).extracting(Job::id).containsExactly(mine.id());
	}

	@Test
	default void fetchClaimsOnlyAvailableJobs() {
		// A due but unstaged job waits for the stager: claims look at the state,
		// not the clock.
		insertOne(scheduled("scheduled", at(1)));
		finished("completed", Completion.Result.COMPLETED);
		executing("executing");
		Job available = insertOne(job("available"));
		assertThat(fetch(10, at(5))).extracting(Job::id).containsExactly(available.id());
	}

	@Test
	default void fetchMarksClaimedJobsExecuting() {
		insertOne(job("a"));
		Job claimed = store().fetch(new FetchParams(QUEUE, 1, "node-b", at(1))).get(0);
		assertThat(claimed.state()).isEqualTo(JobState.EXECUTING);
		assertThat(claimed.attempt()).isOne();
		assertThat(claimed.attemptedAt()).isEqualTo(at(1));
		assertThat(claimed.attemptedBy()).isEqualTo("node-b");
		assertThat(reload(claimed)).isEqualTo(claimed);
	}

	@Test
	default void fetchCountsTheNextAttempt() {
		Job job = finished("a", Completion.Result.RETRYABLE);
		store().stage(new StageParams(at(60), 10));
		Job claimed = executing(job, "node-b", at(61));
		assertThat(claimed.attempt()).isEqualTo(2);
		assertThat(claimed.attemptedAt()).isEqualTo(at(61));
		assertThat(claimed.attemptedBy()).isEqualTo("node-b");
	}

	@Test
	default void fetchFromAnEmptyQueueClaimsNothing() {
		assertThat(fetch(10, at(1))).isEmpty();
	}

	@Test
	default void fetchFromAPausedQueueClaimsNothing() {
		Job job = insertOne(job("a"));
		store().setPaused(QUEUE, true);
		assertThat(fetch(10, at(1))).isEmpty();
		assertThat(reload(job).state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void fetchClaimsAgainOnceTheQueueIsResumed() {
		Job job = insertOne(job("a"));
		store().setPaused(QUEUE, true);
		store().setPaused(QUEUE, false);
		assertThat(fetch(10, at(1))).extracting(Job::id).containsExactly(job.id());
	}

	@Test
	default void pausingAQueueLeavesOtherQueuesClaimable() {
		Job other = insertOne(job("other", "a"));
		store().setPaused(QUEUE, true);
		assertThat(store().fetch(new FetchParams("other", 10, NODE, at(1)))).extracting(Job::id)
			.containsExactly(other.id());
	}

	@Test
	default void pausedQueuesListsEveryPausedQueue() {
		store().setPaused("a", true);
		store().setPaused("b", true);
		store().setPaused("b", true);
		store().setPaused("c", true);
		store().setPaused("c", false);
		store().setPaused("never-paused", false);
		assertThat(store().pausedQueues()).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	default void concurrentClaimsTakeEveryJobExactlyOnce() throws Exception {
		int jobs = 2_000;
		int claimers = 4;
		store().insert(new InsertParams(IntStream.range(0, jobs).mapToObj((i) -> job("job-" + i)).toList(), T0));
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(claimers);
		try {
			List<Future<List<Long>>> claims = new ArrayList<>();
			for (int i = 0; i < claimers; i++) {
				String node = "node-" + i;
				claims.add(pool.submit(() -> claimUntilEmpty(node, start)));
			}
			start.countDown();
			List<Long> claimed = new ArrayList<>();
			for (Future<List<Long>> claim : claims) {
				claimed.addAll(claim.get(2, TimeUnit.MINUTES));
			}
			assertThat(claimed).hasSize(jobs).doesNotHaveDuplicates();
			assertThat(store().list(new ListParams(QUEUE, JobState.AVAILABLE, null, 1))).isEmpty();
		}
		finally {
			pool.shutdownNow();
		}
	}

	private List<Long> claimUntilEmpty(String node, CountDownLatch start) throws InterruptedException {
		start.await();
		// A claim may come back empty while another node holds the last rows; that node
		// keeps claiming, so the last claimer to stop has seen the queue truly empty.
		List<Long> ids = new ArrayList<>();
		List<Job> batch;
		do {
			batch = store().fetch(new FetchParams(QUEUE, 7, node, at(1)));
			batch.forEach((job) -> ids.add(job.id()));
		}
		while (!batch.isEmpty());
		return ids;
	}

}
