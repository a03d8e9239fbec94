package dev.jobs.store.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.jobs.Job;
import dev.jobs.JobsException;
import dev.jobs.store.Completion;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.JobStore;
import dev.jobs.store.JobStoreContractTest;
import dev.jobs.store.PruneParams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link MemoryJobStore} against the store contract, plus what only the memory store
 * does: bounded size with back-pressure, and its notifier.
 */
class MemoryJobStoreTest extends JobStoreContractTest {

	@Override
	protected JobStore createStore() {
		return new MemoryJobStore();
	}

	private MemoryJobStore boundedStore(int maxJobs, Duration enqueueTimeout) {
		return new MemoryJobStore(new MemoryJobStore.Config(maxJobs, enqueueTimeout));
	}

	private InsertParams one(String kind) {
		return new InsertParams(List.of(job(kind)), T0);
	}

	@Test
	void enqueueIntoAFullStoreFailsOnceTheTimeoutPasses() {
		MemoryJobStore store = boundedStore(2, Duration.ofMillis(20));
		store.insert(new InsertParams(List.of(job("a"), job("b")), T0));
		assertThatExceptionOfType(JobsException.class).isThrownBy(() -> store.insert(one("c")))
			.withMessageContaining("memory job store is full")
			.withMessageContaining("the limit is 2")
			.withMessageContaining("raise maxJobs");
		assertThat(store.size()).isEqualTo(2);
	}

	@Test
	void enqueueOfMoreJobsThanTheStoreCanHoldFailsAtOnce() {
		MemoryJobStore store = boundedStore(2, Duration.ofMinutes(1));
		assertThatExceptionOfType(JobsException.class)
			.isThrownBy(() -> store.insert(new InsertParams(List.of(job("a"), job("b"), job("c")), T0)))
			.withMessageContaining("Cannot enqueue 3 jobs at once")
			.withMessageContaining("enqueue fewer, or raise maxJobs");
	}

	@Test
	void finishedJobsDoNotCountAgainstTheLimit() {
		MemoryJobStore store = boundedStore(1, Duration.ZERO);
		Job first = store.insert(one("a")).get(0);
		Job claimed = store.fetch(new FetchParams(QUEUE, 1, NODE, at(1))).get(0);
		store.complete(List.of(Completion.completed(claimed, at(2))));
		assertThat(store.insert(one("b"))).hasSize(1);
		assertThat(store.size()).isEqualTo(2);
	}

	@Test
	void waitingEnqueueSucceedsOnceACompletionFreesRoom() throws Exception {
		MemoryJobStore store = boundedStore(1, Duration.ofMinutes(1));
		Job first = store.insert(one("a")).get(0);
		Job claimed = store.fetch(new FetchParams(QUEUE, 1, NODE, at(1))).get(0);
		FutureTask<List<Job>> enqueue = new FutureTask<>(() -> store.insert(one("b")));
		Thread enqueuer = new Thread(enqueue, "enqueuer");
		enqueuer.start();
		// The enqueue parks in a timed wait on the store's condition until room is freed.
		await().atMost(Duration.ofSeconds(30)).until(() -> enqueuer.getState() == Thread.State.TIMED_WAITING);
		assertThat(enqueue).isNotDone();
		store.complete(List.of(Completion.completed(claimed, at(2))));
		assertThat(enqueue.get(30, TimeUnit.SECONDS)).extracting(Job::kind).containsExactly("b");
	}

	@Test
	void retryOfAJobPrunedWhileWaitingForRoomFindsNothing() throws Exception {
		MemoryJobStore store = boundedStore(1, Duration.ofMinutes(1));
		Job completed = store.insert(one("a")).get(0);
		Job claimed = store.fetch(new FetchParams(QUEUE, 1, NODE, at(1))).get(0);
		store.complete(List.of(Completion.completed(claimed, at(2))));
		store.insert(one("b"));
		FutureTask<Optional<Job>> retry = new FutureTask<>(() -> store.retry(completed.id(), at(3)));
		Thread retrier = new Thread(retry, "retrier");
		retrier.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> retrier.getState() == Thread.State.TIMED_WAITING);
		store.prune(new PruneParams(at(4), at(4), at(4), T0, 10));
		store.deleteAvailable(QUEUE, at(9));
		assertThat(retry.get(30, TimeUnit.SECONDS)).isEmpty();
		assertThat(store.size()).isZero();
	}

	@Test
	void concurrentInsertsAndClaimsTakeEveryJobExactlyOnce() throws Exception {
		int producers = 2;
		int jobsEach = 1_000;
		int total = producers * jobsEach;
		MemoryJobStore store = boundedStore(200, Duration.ofMinutes(1));
		AtomicInteger claimedCount = new AtomicInteger();
		List<Long> claimed = new CopyOnWriteArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int p = 0; p < producers; p++) {
				String prefix = "p" + p + "-";
				work.add(pool.submit(() -> produce(store, start, prefix, jobsEach)));
			}
			for (int c = 0; c < 2; c++) {
				String node = "node-" + c;
				work.add(pool.submit(() -> consume(store, start, node, total, claimedCount, claimed)));
			}
			start.countDown();
			for (Future<?> future : work) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(claimed).hasSize(total).doesNotHaveDuplicates();
		Set<String> kinds = store.findAll(claimed).stream().map(Job::kind).collect(Collectors.toSet());
		assertThat(kinds).hasSize(total);
	}

	private Void produce(MemoryJobStore store, CountDownLatch start, String prefix, int jobs)
			throws InterruptedException {
		start.await();
		for (int i = 0; i < jobs; i++) {
			store.insert(one(prefix + i));
		}
		return null;
	}

	private Void consume(MemoryJobStore store, CountDownLatch start, String node, int total, AtomicInteger claimedCount,
			List<Long> claimed) throws InterruptedException {
		start.await();
		while (claimedCount.get() < total && !Thread.currentThread().isInterrupted()) {
			List<Job> batch = store.fetch(new FetchParams(QUEUE, 10, node, at(1)));
			List<Completion> completions = new ArrayList<>(batch.size());
			for (Job job : batch) {
				claimed.add(job.id());
				completions.add(Completion.completed(job, at(2)));
			}
			// Completing frees room for the producers, whom the bound makes wait.
			store.complete(completions);
			claimedCount.addAndGet(batch.size());
			if (batch.isEmpty()) {
				Thread.onSpinWait();
			}
		}
		return null;
	}

	@Test
	void insertWakesTheSubscribersOfTheQueue() {
		MemoryJobStore store = new MemoryJobStore();
		List<String> woken = new CopyOnWriteArrayList<>();
		try (JobNotifier.Subscription subscription = store.subscribe(woken::add)) {
			store.insert(new InsertParams(List.of(job("a"), scheduled("b", at(60)), job("other", "c")), T0));
		}
		assertThat(woken).containsExactlyInAnyOrder(QUEUE, "other");
	}

	@Test
	void cancelOfAnExecutingJobTellsTheSubscribers() {
		MemoryJobStore store = new MemoryJobStore();
		Job job = store.insert(one("a")).get(0);
		store.fetch(new FetchParams(QUEUE, 1, NODE, at(1)));
		List<Long> cancelled = new CopyOnWriteArrayList<>();
		try (JobNotifier.Subscription subscription = store.subscribe(new JobNotifier.Listener() {

			@Override
			public void jobsAvailable(String queue) {
			}

			@Override
			public void cancelRequested(long id) {
				cancelled.add(id);
			}

		})) {
			store.cancel(job.id(), at(2));
		}
		assertThat(cancelled).containsExactly(job.id());
	}

}
