package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.limit.LimitUsage;
import dev.jobs.limit.RateLimit;
import dev.jobs.store.Completion;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.FetchParams;
import dev.jobs.store.FetchResult;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Limits in the engine: producers claim within them, a freed slot or an opening rate
 * window starts a held job without waiting for the poll, and the node-wide cap holds
 * across queues. Poll intervals are an hour: only wake-ups can start held jobs.
 */
class LimitsEngineTest {

	private final EngineHarness harness = new EngineHarness();

	@AfterEach
	void stop() {
		this.harness.close();
	}

	@Test
	void aNodeWithLimitsPreparesTheStoreForThemWhenItStartsAndOneWithoutDoesNot() {
		List<JobLimits> prepared = new CopyOnWriteArrayList<>();
		JobStore store = new DelegatingJobStore(this.harness.store) {

			@Override
			public void prepareLimits(JobLimits limits) {
				prepared.add(limits);
			}

		};
		Supervisor limited = Supervisor.builder(store)
			.handlers(this.harness.handlers)
			.queue(new QueueConfig("default", 2, 2, EngineHarness.LONG))
			.limit(JobLimit.of("sync").concurrency(1))
			.build();
		Supervisor unlimited = Supervisor.builder(store)
			.handlers(this.harness.handlers)
			.queue(new QueueConfig("default", 2, 2, EngineHarness.LONG))
			.build();
		limited.start();
		unlimited.start();
		try {
			assertThat(prepared).singleElement().satisfies((limits) -> assertThat(limits.isEmpty()).isFalse());
		}
		finally {
			limited.stop(Duration.ofSeconds(5));
			unlimited.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aFreedSlotStartsAHeldJobAtOnce() {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		this.harness.handlers.register("sync", Map.class, (args, context) -> {
			most.accumulateAndGet(running.incrementAndGet(), Math::max);
			try {
				release.await();
			}
			finally {
				running.decrementAndGet();
			}
		});
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue(new QueueConfig("default", 10, 100, EngineHarness.LONG))
				.limit(JobLimit.of("sync").concurrencyPerKey(1)));
		supervisor.dispatcher()
			.enqueueAll(List.of(JobRequest.of("sync", null).limitKey("customer:1"),
					JobRequest.of("sync", null).limitKey("customer:1"),
					JobRequest.of("sync", null).limitKey("customer:2")));

		await().untilAsserted(() -> assertThat(running.get()).isEqualTo(2));
		assertThat(supervisor.limitStatus().limits()).contains(new LimitUsage("sync", "concurrency-per-key", 1, 1, 1));
		release.countDown();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.harness.store.list(new ListParams(null, JobState.COMPLETED, null, 10)))
				.hasSize(3));
		assertThat(most.get()).isEqualTo(2);
	}

	@Test
	void aSlotFreedHereIsReusedBeforeTheEndedJobsOutcomeIsWritten() throws InterruptedException {
		CountDownLatch writes = new CountDownLatch(1);
		JobStore slowWrites = new DelegatingJobStore(this.harness.store) {

			@Override
			public int complete(List<Completion> completions) {
				try {
					writes.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return super.complete(completions);
			}

		};
		CountDownLatch bothRan = new CountDownLatch(2);
		this.harness.handlers.register("sync", Map.class, (args, context) -> bothRan.countDown());
		Supervisor supervisor = this.harness.builder(slowWrites)
			.queue(new QueueConfig("default", 10, 100, EngineHarness.LONG))
			.limit(JobLimit.of("sync").concurrency(1))
			.build();
		supervisor.start();
		try {
			supervisor.dispatcher().enqueueAll(List.of(JobRequest.of("sync", null), JobRequest.of("sync", null)));

			assertThat(bothRan.await(10, TimeUnit.SECONDS)).as("the second job ran while the first's write waited")
				.isTrue();
			assertThat(this.harness.store.list(new ListParams(null, JobState.COMPLETED, null, 10))).isEmpty();
			writes.countDown();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(this.harness.store.list(new ListParams(null, JobState.COMPLETED, null, 10)))
							.hasSize(2));
		}
		finally {
			writes.countDown();
			supervisor.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aFullLimitsSlotsFreedWithinAClaimsTimeAreRefilledByOneClaim() {
		Semaphore gate = new Semaphore(0);
		this.harness.handlers.register("sync", Map.class, (args, context) -> gate.acquire());
		List<Integer> claimed = new CopyOnWriteArrayList<>();
		AtomicLong offset = new AtomicLong();
		JobStore slowClaims = new DelegatingJobStore(this.harness.store) {

			@Override
			public FetchResult fetchWithinLimits(FetchParams params) {
				// Each claim takes a second of a clock that stands still otherwise: jobs
				// end well within a claim's time.
				offset.addAndGet(Duration.ofSeconds(1).toNanos());
				FetchResult result = super.fetchWithinLimits(params);
				claimed.add(result.jobs().size());
				return result;
			}

		};
		// Fewer jobs per claim than slots: a claim never waits for more free slots.
		Supervisor supervisor = this.harness.builder(slowClaims)
			.queue(new QueueConfig("default", 10, 5, EngineHarness.LONG))
			.limit(JobLimit.of("sync").concurrency(2))
			.nanoTime(offset::get)
			.build();
		supervisor.dispatcher().enqueueAll(IntStream.range(0, 6).mapToObj((i) -> JobRequest.of("sync", null)).toList());
		supervisor.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.queues().get(0).running() == 2);
			gate.release();
			await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.queues().get(0).running() == 1);
			gate.release();
			await().atMost(Duration.ofSeconds(10)).until(() -> claimed.size() >= 2);

			assertThat(claimed.subList(0, 2)).containsExactly(2, 2);
		}
		finally {
			gate.release(100);
			supervisor.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aFullLimitsSlotFreedByAJobThatEndsEarlyIsRefilledWhileTheOtherRuns() throws InterruptedException {
		CountDownLatch first = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch thirdRan = new CountDownLatch(1);
		AtomicInteger started = new AtomicInteger();
		this.harness.handlers.register("sync", Map.class, (args, context) -> {
			switch (started.incrementAndGet()) {
				case 1 -> first.await();
				case 2 -> release.await();
				default -> thirdRan.countDown();
			}
		});
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue(new QueueConfig("default", 10, 100, EngineHarness.LONG))
				.limit(JobLimit.of("sync").concurrency(2)));
		try {
			supervisor.dispatcher()
				.enqueueAll(IntStream.range(0, 3).mapToObj((i) -> JobRequest.of("sync", null)).toList());
			await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 2);

			first.countDown();

			assertThat(thirdRan.await(10, TimeUnit.SECONDS)).as("the third job ran while the second still ran")
				.isTrue();
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aHeldJobDoesNotHoldUpTheQueueBehindIt() {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch plainRan = new CountDownLatch(3);
		this.harness.handlers.register("sync", Map.class, (args, context) -> release.await());
		this.harness.handlers.register("plain", Map.class, (args, context) -> plainRan.countDown());
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue(new QueueConfig("default", 10, 100, EngineHarness.LONG))
				.limit(JobLimit.of("sync").concurrency(1)));
		List<JobRequest> requests = new java.util.ArrayList<>();
		IntStream.range(0, 20).forEach((i) -> requests.add(JobRequest.of("sync", null)));
		IntStream.range(0, 3).forEach((i) -> requests.add(JobRequest.of("plain", null)));
		supervisor.dispatcher().enqueueAll(requests);

		await().atMost(Duration.ofSeconds(10)).until(() -> plainRan.getCount() == 0);
		assertThat(supervisor.queues().get(0).running()).isOne();
		release.countDown();
	}

	@Test
	void anOpeningRateWindowStartsTheNextJobWithoutAPoll() {
		List<Instant> starts = new CopyOnWriteArrayList<>();
		// The claim times: what the rate limits (a handler starts a little after).
		this.harness.handlers.register("call", Map.class, (args, context) -> starts.add(context.job().attemptedAt()));
		Supervisor supervisor = this.harness.start((builder) -> builder.clock(Clock.systemUTC())
			.queue(new QueueConfig("default", 10, 100, EngineHarness.LONG))
			.limit(JobLimit.of("call").rate(RateLimit.parse("1/300ms"))));
		supervisor.dispatcher()
			.enqueueAll(List.of(JobRequest.of("call", null), JobRequest.of("call", null), JobRequest.of("call", null)));

		await().atMost(Duration.ofSeconds(10)).until(() -> starts.size() == 3);
		for (int i = 1; i < starts.size(); i++) {
			Duration gap = Duration.between(starts.get(i - 1), starts.get(i));
			assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(200))
				.isLessThan(Duration.ofMillis(300 + 100 + 200));
		}
	}

	@Test
	void theNodeWideCapHoldsAcrossQueues() {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(30);
		this.harness.handlers.register("work", Map.class, (args, context) -> {
			most.accumulateAndGet(running.incrementAndGet(), Math::max);
			Thread.sleep(5);
			running.decrementAndGet();
			done.countDown();
		});
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue(new QueueConfig("a", 5, 100, EngineHarness.LONG))
				.queue(new QueueConfig("b", 5, 100, EngineHarness.LONG))
				.nodeConcurrency(3));
		List<JobRequest> requests = new java.util.ArrayList<>();
		IntStream.range(0, 15).forEach((i) -> requests.add(JobRequest.of("work", null).queue("a")));
		IntStream.range(0, 15).forEach((i) -> requests.add(JobRequest.of("work", null).queue("b")));
		supervisor.dispatcher().enqueueAll(requests);

		await().atMost(Duration.ofSeconds(20)).until(() -> done.getCount() == 0);
		assertThat(most.get()).isLessThanOrEqualTo(3);
		assertThat(supervisor.limitStatus().nodeConcurrency()).isEqualTo(3);
	}

	@Test
	void aKindTakesOneLimit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Supervisor.builder(this.harness.store)
				.limit(JobLimit.of("sync").concurrency(1))
				.limit(JobLimit.of("sync").rate(RateLimit.parse("1/s"))))
			.withMessageContaining("Kind 'sync' has a limit already");
		assertThatIllegalArgumentException().isThrownBy(() -> JobLimit.of("sync").concurrency(0))
			.withMessageContaining("concurrency limit of kind 'sync' must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimit.parse("10/xyz"))
			.withMessageContaining("'10/xyz' is not a rate");
	}

}
